using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace NetTumorBoard.Web.Platform.Security;

/// <summary>Request limits; every figure is a setting (Security:RateLimits:…).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Security:RateLimits";

    /// <summary>Sign-in attempts (page form and POST /api/auth/login) per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>API requests per signed-in user (or per address when anonymous) per minute, with the same burst.</summary>
    public int ApiPerMinute { get; set; } = 1200;

    /// <summary>Hub method calls per SignalR connection per second (burst twice that).</summary>
    public int HubCallsPerSecond { get; set; } = 20;
}

/// <summary>
/// Hardening that applies to every request: security headers (a CSP that Blazor Server and MudBlazor work under),
/// rate limits on sign-in, the API and hub calls (429 problem details with Retry-After), all configurable.
/// </summary>
public static class SecuritySetup
{
    /// <summary>
    /// Scripts only from the app itself (blazor.web.js, MudBlazor, app.js) plus Blazor's inline import map, admitted by a
    /// per-request nonce; MudBlazor sets
    /// inline styles, hence 'unsafe-inline' for styles only; the circuit's WebSocket is same-origin ('self').
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Partition(context, context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value));
            o.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NetTumorBoard.Security")
                    .LogWarning("Rate limit reached: {Method} {Path} from {Address} ({User})", http.Request.Method, http.Request.Path,
                        http.Connection.RemoteIpAddress, http.User.Identity?.Name ?? "anonymous");
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                    detail: $"Slow down and try again in {Math.Ceiling(retry.TotalSeconds)} seconds.").ExecuteAsync(http);
            };
        });
        services.AddSingleton<HubCallLimiter>();
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var request = context.Request;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var signIn = HttpMethods.IsPost(request.Method)
                     && (request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase)
                         || request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase)
                         || request.Path.Equals("/account/passkeys/request-options", StringComparison.OrdinalIgnoreCase));
        if (signIn)
        {
            return RateLimitPartition.GetFixedWindowLimiter("sign-in:" + address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.SignInPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }
        if (request.Path.StartsWithSegments("/api"))
        {
            var who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? "user:" + user : "address:" + address;
            return RateLimitPartition.GetTokenBucketLimiter("api:" + who, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.ApiPerMinute,
                TokensPerPeriod = Math.Max(1, limits.ApiPerMinute / 60),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            });
        }
        return RateLimitPartition.GetNoLimiter("none");
    }

    private const string NonceKey = "ntb.csp-nonce";

    /// <summary>This request's script nonce (the import map Blazor writes inline carries it).</summary>
    public static string NonceFor(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("The security headers middleware did not run.");

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Hospital sign-in starts with a form post answered by a redirect to the identity provider, which form-action must allow.
        var oidc = app.Services.GetService<NetTumorBoard.Web.Account.Sso.OidcSettings>();
        var formTargets = oidc is { Enabled: true } && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? oidc.FormActionOrigins.Prepend(authority.GetLeftPart(UriPartial.Authority)).Where(o => Uri.TryCreate(o, UriKind.Absolute, out _)).Distinct().ToList()
            : [];
        var policy = formTargets.Count > 0
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {string.Join(' ', formTargets)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;
        app.Use(async (context, next) =>
        {
            var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy.Replace("{nonce}", nonce, StringComparison.Ordinal);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }
}

/// <summary>Hub calls per connection: a token bucket each; a flooding connection gets a clear error, others are unaffected.</summary>
public sealed class HubCallLimiter(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(connection =>
        RateLimitPartition.GetTokenBucketLimiter(connection, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.HubCallsPerSecond * 2,
            TokensPerPeriod = options.Value.HubCallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var lease = _limiter.AttemptAcquire(invocation.Context.ConnectionId);
        if (!lease.IsAcquired)
        {
            throw new HubException("Too many messages on this connection: slow down and try again in a second.");
        }
        return await next(invocation);
    }

    public void Dispose() => _limiter.Dispose();
}
