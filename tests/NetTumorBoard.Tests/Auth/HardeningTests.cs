using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Security;

namespace NetTumorBoard.Tests.Auth;

/// <summary>An app with low limits, so that limiting can be seen.</summary>
public sealed class LowLimitsApp(TestCluster cluster) : TestApp(cluster)
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.PostConfigure<RateLimitOptions>(o =>
        {
            o.SignInPerMinute = 100;
            o.ApiPerMinute = 120;
            o.HubCallsPerSecond = 5;
        });
}

/// <summary>Security headers, lockout, and rate limits on sign-in, the API and hub calls.</summary>
public sealed class HardeningTests(LowLimitsApp app) : IClassFixture<LowLimitsApp>
{
    [Fact]
    public async Task Pages_and_api_answers_carry_the_security_headers()
    {
        using var anonymous = app.Anonymous();
        foreach (var path in new[] { "/account/login", "/api/cases", "/health/live" })
        {
            var response = await anonymous.GetAsync(path);
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_even_the_right_one_is_then_refused()
    {
        using var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = "gastro@demo.local", password = "wrong-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = "gastro@demo.local", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var body = await right.Content.ReadAsStringAsync();
        Assert.Contains("locked", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_api_answers_429_with_retry_after_once_a_user_exceeds_the_limit_and_other_users_are_unaffected()
    {
        using var chair = await app.SignedInAsync();
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 200 && limited is null; i++)
        {
            var response = await chair.GetAsync("/api/boards");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero || limited.Headers.Contains("Retry-After"));
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await surgeon.GetAsync("/api/boards")).StatusCode);
    }

    [Fact]
    public async Task A_hub_connection_that_floods_gets_a_clear_error_and_stays_connected()
    {
        var token = await app.TokenAsync("radiologist@demo.local");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync(TestContext.Current.CancellationToken);
        var board = DemoData.NetBoardId;
        HubException? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            try
            {
                await hub.InvokeAsync("JoinBoard", board, TestContext.Current.CancellationToken);
            }
            catch (HubException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Contains("Too many messages", refused.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        await Task.Delay(1200, TestContext.Current.CancellationToken);
        await hub.InvokeAsync("JoinBoard", board, TestContext.Current.CancellationToken);
    }
}

/// <summary>An app that allows 8 sign-in attempts a minute from one address.</summary>
public sealed class LowSignInLimitApp(TestCluster cluster) : TestApp(cluster)
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.PostConfigure<RateLimitOptions>(o => o.SignInPerMinute = 8);
}

/// <summary>Sign-in is limited per client address (its own app: the window would starve other tests).</summary>
public sealed class SignInLimitTests(LowSignInLimitApp app) : IClassFixture<LowSignInLimitApp>
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_with_a_problem_answer()
    {
        using var client = app.Anonymous();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@demo.local", password = "x" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
