using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NetTumorBoard.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem response with the status and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        if (status == HttpStatusCode.Conflict)
        {
            // The contract: a 409 says which conflict and carries the current version.
            Assert.True(body.TryGetProperty("currentVersion", out var current) && current.ValueKind == JsonValueKind.Number,
                $"A 409 without currentVersion: {body}");
        }
        return body;
    }

    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
}
