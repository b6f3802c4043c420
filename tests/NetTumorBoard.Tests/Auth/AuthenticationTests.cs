using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Auth;

public sealed class AuthenticationTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Demo_user_login_returns_a_bearer_token()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "oncologist@demo.local", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
    }

    [Fact]
    public async Task Wrong_password_is_401_problem_details()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "surgeon@demo.local", password = "not-the-password" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/boards")]
    [InlineData("/api/cases")]
    [InlineData("/api/cases/0193a000-0000-7000-8000-00000000c001")]
    public async Task Anonymous_api_calls_are_401_problem_details_not_redirects(string path)
    {
        using var client = app.Anonymous();
        var response = await client.GetAsync(path);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Sign in first.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Anonymous_hub_negotiation_is_refused()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsync("/hubs/board/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_pages_redirect_to_sign_in_with_the_return_url()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        var response = await client.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        Assert.Contains("cases", Uri.UnescapeDataString(response.Headers.Location.Query));

        var signIn = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Sign in", await signIn.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Self_registration_is_not_open()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "intruder@example.org", password = "Intruder-Pass-2026!" });
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "intruder@example.org", password = "Intruder-Pass-2026!" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in()
    {
        using var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
