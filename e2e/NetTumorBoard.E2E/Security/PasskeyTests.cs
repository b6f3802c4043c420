using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.E2E.Security;

/// <summary>
/// A clinician adds a passkey and then signs in with it alone; after removing it, the same passkey is refused.
/// Chromium's virtual authenticator (DevTools WebAuthn domain) stands in for the fingerprint reader, so the real
/// WebAuthn ceremony runs in the browser and the real verification in the app.
/// </summary>
public sealed class PasskeyTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_member_adds_a_passkey_signs_in_with_it_alone_and_a_removed_passkey_is_refused()
    {
        // WebAuthn refuses IP addresses as relying-party ids; the same app answers on localhost.
        var localhost = new UriBuilder(Host.BaseAddress) { Host = "localhost" }.Uri;
        var page = await OpenPageAsync("gastro", localhost);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-email").FillAsync("gastro@demo.local");
        await page.GetByTestId("login-password").FillAsync(DemoData.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/account/security");
        await WaitForCircuitAsync(page);

        // Without a name nothing happens; with one the browser creates the passkey and the page lists it.
        await page.GetByTestId("passkey-add").ClickAsync();
        await Assertions.Expect(page.GetByText("Name the passkey first")).ToBeVisibleAsync();
        await Field(page.GetByTestId("passkeys"), "passkey-name").FillAsync("Ward laptop");
        await page.GetByTestId("passkey-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("passkey-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("passkey-row")).ToContainTextAsync("Ward laptop");
        await ScreenshotAsync(page, "security-passkeys");

        // Signed out, the passkey alone signs her in: no e-mail, no password, no code.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/cases");
        await page.WaitForURLAsync("**/account/login**");
        await ScreenshotAsync(page, "sign-in-with-passkey", fullPage: false);
        await page.GetByTestId("login-passkey").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("user-badge")).ToContainTextAsync("Greta Gastro");
        Assert.EndsWith("/cases", new Uri(page.Url).AbsolutePath);

        // Removed on the security page, the same passkey no longer opens the account.
        await page.GotoAsync("/account/security");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("passkey-remove").ClickAsync();
        await Assertions.Expect(page.GetByTestId("passkeys-none")).ToBeVisibleAsync();
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-passkey").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("not registered");
        Assert.Contains("/account/login", page.Url);
    }
}
