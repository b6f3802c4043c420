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
    }
}
