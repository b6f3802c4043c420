using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Auth;

/// <summary>
/// The passkey endpoints the browser uses, driven as the browser does (cookie and the page's antiforgery token):
/// without the token nothing is issued, bad input is named, and a refused registration stores nothing. The whole
/// WebAuthn ceremony runs in Chromium in the e2e PasskeyTests.
/// </summary>
public sealed class PasskeyEndpointTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(HttpClient Client, string Token)> BrowserAsync(string? signInAs)
    {
        var client = BrowserForms.NewBrowser(app.BaseAddress);
        var token = BrowserForms.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        if (signInAs is not null)
        {
            var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = signInAs, ["Input.Password"] = DemoData.Password,
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            // Antiforgery tokens belong to the signed-in user: take a fresh one.
            token = BrowserForms.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        }
        Assert.NotEmpty(token);
        return (client, token);
    }

    private static HttpRequestMessage Post(string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        return request;
    }

    [Fact]
    public async Task Sign_in_options_need_the_pages_token_and_name_no_account()
    {
        var (browser, token) = await BrowserAsync(signInAs: null);
        using var _ = browser;
        await (await browser.SendAsync(Post("/account/passkeys/request-options", null))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var options = await browser.SendAsync(Post("/account/passkeys/request-options", token));
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var json = await options.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("challenge").GetString()!.Length >= 22);
        Assert.Equal(app.BaseAddress.Host, json.GetProperty("rpId").GetString());
        Assert.False(json.TryGetProperty("allowCredentials", out var allowed) && allowed.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Registration_is_for_the_signed_in_user_and_bad_input_is_named_and_stores_nothing()
    {
        var (anonymous, anonymousToken) = await BrowserAsync(signInAs: null);
        using (anonymous)
        {
            var refused = await anonymous.SendAsync(Post("/account/passkeys/creation-options", anonymousToken));
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        }

        var (browser, token) = await BrowserAsync("radiologist@demo.local");
        using var _ = browser;
        var options = await browser.SendAsync(Post("/account/passkeys/creation-options", token));
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var creation = await options.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("radiologist@demo.local", creation.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(app.BaseAddress.Host, creation.GetProperty("rp").GetProperty("id").GetString());

        await (await browser.SendAsync(Post("/account/passkeys", null, new { name = "Laptop", credential = "{}" }))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var missing = await (await browser.SendAsync(Post("/account/passkeys", token, new { name = " ", credential = "" }))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["credential", "name"], missing.ErrorFields().Order());
        var tooLong = await (await browser.SendAsync(Post("/account/passkeys", token, new { name = new string('x', 61), credential = "{}" }))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name"], tooLong.ErrorFields());
        var forged = await (await browser.SendAsync(Post("/account/passkeys", token, new { name = "Forged", credential = "{\"id\":\"AAAA\",\"type\":\"public-key\"}" })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["credential"], forged.ErrorFields());
        Assert.Contains("could not be verified", forged.GetProperty("errors").GetProperty("credential")[0].GetString());

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>();
        var radiologist = await users.FindByEmailAsync("radiologist@demo.local");
        Assert.Empty(await users.GetPasskeysAsync(radiologist!));
    }
}
