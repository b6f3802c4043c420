using Microsoft.Playwright;

namespace NetTumorBoard.E2E.Security;

/// <summary>An administrator creates an account and hands over the one-time link; the new colleague sets a password and signs in.</summary>
public sealed class AccountAdministrationTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task An_admin_creates_an_account_and_the_new_colleague_sets_a_password_from_the_link_and_signs_in()
    {
        var chair = await SignInAsync("chair@demo.local", "chair");
        await Assertions.Expect(chair.GetByTestId("nav-users")).ToHaveCountAsync(0);

        var admin = await SignInAsync("admin@demo.local", "admin");
        await admin.GetByTestId("nav-users").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=user-row][data-email='chair@demo.local']")).ToHaveCountAsync(1);

        // Creating without a name or discipline is refused with the fields named.
        await Field(admin.GetByTestId("new-user"), "new-user-email").FillAsync("nina.nurse@demo.local");
        await admin.GetByTestId("new-user-create").ClickAsync();
        await Assertions.Expect(admin.GetByText("Give the person's name")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("Choose the person's discipline")).ToBeVisibleAsync();

        await Field(admin.GetByTestId("new-user"), "new-user-name").FillAsync("Nina Nurse");
        await admin.GetByTestId("new-user-discipline").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Nursing" }).First.ClickAsync();
        await admin.GetByTestId("new-user-create").ClickAsync();
        var link = admin.GetByTestId("reset-link-url");
        await Assertions.Expect(link).ToContainTextAsync("/account/reset?email=nina.nurse");
        await Assertions.Expect(admin.Locator("[data-testid=user-row][data-email='nina.nurse@demo.local']")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("tr", new() { HasText = "nina.nurse@demo.local" }).GetByTestId("user-invited")).ToHaveTextAsync("Invited · link not used yet"); // not "Active" yet
        await ScreenshotAsync(admin, "admin-accounts");
        var url = new Uri(await link.InnerTextAsync());

        // A discipline decides whose quorum a person's votes count toward: changing it is asked about first.
        var row = admin.Locator("tr", new() { HasText = "nina.nurse@demo.local" });
        await row.GetByTestId("user-discipline").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Pathology" }).First.ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("From Nursing to Pathology");
        await ScreenshotAsync(admin, "admin-discipline-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByTestId("user-discipline")).ToContainTextAsync("Nursing"); // nothing changed
        await admin.ReloadAsync();
        await WaitForCircuitAsync(admin);
        await Assertions.Expect(row.GetByTestId("user-discipline")).ToContainTextAsync("Nursing");
        await row.GetByTestId("user-discipline").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Pathology" }).First.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change discipline" }).ClickAsync();
        await admin.ReloadAsync();
        await WaitForCircuitAsync(admin);
        await Assertions.Expect(row.GetByTestId("user-discipline")).ToContainTextAsync("Pathology");
        // Disabling, too: cancelled, the account stays as it was.
        await row.GetByTestId("user-toggle").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("cannot sign in until the account is enabled again");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await admin.ReloadAsync();
        await WaitForCircuitAsync(admin);
        await Assertions.Expect(row.GetByTestId("user-toggle")).ToHaveTextAsync("Disable"); // still enabled, as stored

        var nina = await OpenPageAsync("nina");
        await nina.GotoAsync(url.PathAndQuery);
        await nina.GetByTestId("reset-password").FillAsync("Carcinoid-Nurse-2027!");
        await nina.GetByTestId("reset-confirm").FillAsync("Carcinoid-Nurse-2027!");
        await nina.GetByTestId("reset-submit").ClickAsync();
        await Assertions.Expect(nina.GetByTestId("reset-done")).ToBeVisibleAsync();
        await nina.GotoAsync("/account/login");
        await nina.GetByTestId("login-email").FillAsync("nina.nurse@demo.local");
        await nina.GetByTestId("login-password").FillAsync("Carcinoid-Nurse-2027!");
        await nina.GetByTestId("login-submit").ClickAsync();
        await nina.WaitForURLAsync(u => !u.Contains("/account/login"));
        await WaitForCircuitAsync(nina);
        await Assertions.Expect(nina.Locator("body")).ToContainTextAsync("Nina Nurse");

        // Disabled while her page is open: the open page loses her sign-in at its next check, without a reload.
        await admin.Locator("tr", new() { HasText = "nina.nurse@demo.local" }).GetByTestId("user-toggle").ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(admin.Locator("tr", new() { HasText = "nina.nurse@demo.local" }).GetByTestId("user-toggle")).ToHaveTextAsync("Enable");
        await Assertions.Expect(nina.Locator("body")).Not.ToContainTextAsync("Nina Nurse", new() { Timeout = 15_000 });
        await ScreenshotAsync(nina, "open-page-after-disable", fullPage: false);
    }
}
