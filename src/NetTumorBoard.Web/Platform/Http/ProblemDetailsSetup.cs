using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace NetTumorBoard.Web.Platform.Http;

/// <summary>Every API error is RFC 9457 problem details; validation errors name the field.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("exception");
            context.ProblemDetails.Title = context.ProblemDetails.Status switch
            {
                401 => "Sign in first.",
                403 when context.ProblemDetails.Title is null or "Forbidden" => "You are not allowed to do this.",
                404 when context.ProblemDetails.Title is null or "Not Found" => "Not found.",
                _ => context.ProblemDetails.Title,
            };
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            CommandRejected rejected => FromRejection(rejected),
            BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
            BadHttpRequestException bad => FromBinding(bad),
            // Text PostgreSQL cannot store (a NUL character inside a JSON value the API read untyped): the transaction
            // was refused whole, nothing is stored.
            Npgsql.PostgresException { SqlState: "22P05" or "22021" } => new ValidationProblemDetails(
                new Dictionary<string, string[]> { ["body"] = [NoNulStrings.Message] }) { Status = 400, Title = "The request contains text that cannot be stored." },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
            return false;
        }
        http.Response.StatusCode = problem.Status ?? 400;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromRejection(CommandRejected rejected)
    {
        ProblemDetails problem = rejected.Errors.Count > 0
            ? new ValidationProblemDetails(rejected.Errors.ToDictionary(kv => kv.Key, kv => kv.Value))
            : new ProblemDetails();
        problem.Status = (int)rejected.Kind;
        problem.Title = rejected.Message;
        foreach (var (key, value) in rejected.Extensions)
        {
            problem.Extensions[key] = value;
        }
        return problem;
    }

    /// <summary>
    /// A route or query value that is not of its type ("Failed to bind parameter \"Guid? boardId\" from \"abc\"."), or a
    /// required one missing: named under errors like every other invalid field.
    /// </summary>
    private static ValidationProblemDetails FromBinding(BadHttpRequestException bad)
    {
        var failed = System.Text.RegularExpressions.Regex.Match(bad.Message, "^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[A-Za-z0-9_]+)\" from \"(?<value>.*)\"\\.$");
        if (failed.Success)
        {
            var type = failed.Groups["type"].Value.TrimEnd('?');
            var expected = type switch
            {
                "Guid" => "an id (a GUID)",
                "bool" => "true or false",
                "int" or "long" => "a whole number",
                "DateOnly" => "a date (YYYY-MM-DD)",
                "DateTimeOffset" => "a date and time (ISO 8601 with offset)",
                _ => $"a value of type {type}",
            };
            return new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                [failed.Groups["name"].Value] = [$"'{Truncate(failed.Groups["value"].Value)}' is not valid here: give {expected}."],
            })
            {
                Status = bad.StatusCode,
                Title = "The request has invalid fields.",
            };
        }
        var missing = System.Text.RegularExpressions.Regex.Match(bad.Message, "^Required parameter \"[^\"]+ (?<name>[A-Za-z0-9_]+)\" was not provided");
        return missing.Success
            ? new ValidationProblemDetails(new Dictionary<string, string[]> { [missing.Groups["name"].Value] = ["This value is required."] })
            {
                Status = bad.StatusCode,
                Title = "The request has invalid fields.",
            }
            : new ValidationProblemDetails { Status = bad.StatusCode, Title = bad.Message };
    }

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";

    /// <summary>Malformed JSON, unknown enum values and wrong types: name the field from the JSON path.</summary>
    private static ValidationProblemDetails FromJson(JsonException json)
    {
        var (field, message) = DescribeJsonError(json);
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "The request body could not be read.",
        };
    }

    /// <summary>The field (from the JSON path; "body" for the whole) and a message a person can act on.</summary>
    internal static (string Field, string Message) DescribeJsonError(JsonException json)
    {
        var field = JsonPathToField(json.Path);
        var message = json.Message.Split(" Path:", 2)[0];
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = "This value is not valid here (check the type, the date format or the allowed values).";
        }
        if (System.Text.RegularExpressions.Regex.Match(message, "missing required properties including: '([^']+)'") is { Success: true } missing)
        {
            // Reported at the object that lacks it: name the member itself.
            field = field == "body" ? missing.Groups[1].Value : $"{field}.{missing.Groups[1].Value}";
            message = "This value is required.";
        }
        return (field, message);
    }

    internal static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Replace("['", ".").Replace("']", "").TrimStart('.');
    }
}
