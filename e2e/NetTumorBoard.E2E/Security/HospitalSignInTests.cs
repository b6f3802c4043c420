namespace NetTumorBoard.E2E.Security;

/// <summary>
/// A clinician who has never used NetTumorBoard signs in through the hospital's identity provider: the browser goes
/// to the IdP and back (the page's Content-Security-Policy must let the form lead there), an account is made with the
/// discipline and board role the IdP's claims give, and the NET board's cases are there.
/// </summary>
public sealed class HospitalSignInTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_new_clinician_signs_in_with_hospital_sso_and_sees_the_board_the_idp_grants()
    {
        Host.Idp.NextUser = new Dictionary<string, object>
        {
            ["sub"] = "e2e-5005", ["email"] = "sam.sso@hospital.example", ["name"] = "Dr. Sam Sso", ["discipline"] = "Endocrinology",
            ["groups"] = new List<string> { "tb-net-members" },
        };
        var page = await OpenPageAsync("sam");
        await page.GotoAsync("/cases");
        await page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(page.GetByTestId("login-sso")).ToContainTextAsync("Sign in with St. Elsewhere SSO");
        await ScreenshotAsync(page, "sign-in-options", fullPage: false);

        await page.GetByTestId("login-sso").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/cases", StringComparison.Ordinal));
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("user-badge")).ToContainTextAsync("Dr. Sam Sso");
        await Assertions.Expect(page.GetByTestId("user-badge")).ToContainTextAsync("Endocrinology");
        await Assertions.Expect(page.GetByText("PAN-2417").First).ToBeVisibleAsync();

        // When the IdP turns someone away, the sign-in page says so and nobody is signed in.
        Host.Idp.NextUser = null;
        var refused = await OpenPageAsync("refused");
        await refused.GotoAsync("/account/login");
        await refused.GetByTestId("login-sso").ClickAsync();
        await Assertions.Expect(refused.GetByTestId("login-error")).ToContainTextAsync("Hospital sign-in did not complete");
        Assert.Contains("/account/login", refused.Url);
    }
}
