using System.Text.RegularExpressions;

namespace NetTumorBoard.E2E.Cases;

public sealed class LiveCaseListTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_case_created_in_one_browser_appears_in_another_without_reload()
    {
        var chair = await SignInAsync("chair@demo.local", "chair");
        var surgeon = await SignInAsync("surgeon@demo.local", "surgeon");
        await Assertions.Expect(surgeon.GetByTestId("case-row").Filter(new() { HasText = "PAN-2417" })).ToBeVisibleAsync();
        await ScreenshotAsync(surgeon, "case-list");

        // A marker in the surgeon's window: it survives only if the page is never reloaded.
        await surgeon.EvaluateAsync("() => window.__ntbNoReload = true");

        var pseudonym = $"E2E-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        await chair.GetByTestId("new-case").ClickAsync();
        var dialog = chair.GetByTestId("new-case-dialog");
        await Field(dialog, "new-case-pseudonym").FillAsync(pseudonym);
        await Field(dialog, "new-case-birth-year").FillAsync("1964");
        await Field(dialog, "new-case-question").FillAsync("Second-line options after SSA for a G2 panNET?");
        await ScreenshotAsync(chair, "new-case-dialog");
        await chair.GetByTestId("new-case-create").ClickAsync();
        await Assertions.Expect(chair).ToHaveURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await Assertions.Expect(chair.GetByTestId("case-title")).ToHaveTextAsync(pseudonym);
        await ScreenshotAsync(chair, "case-page-new");

        var arrived = surgeon.GetByTestId("case-row").Filter(new() { HasText = pseudonym });
        await Assertions.Expect(arrived).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Assert.True(await surgeon.EvaluateAsync<bool>("() => window.__ntbNoReload === true"), "the surgeon's page was reloaded");
        await ScreenshotAsync(surgeon, "case-list-live");
    }

    [Fact]
    public async Task The_new_case_form_names_the_missing_field_and_creates_nothing()
    {
        var page = await SignInAsync("oncologist@demo.local", "oncologist");
        await page.GetByTestId("new-case").ClickAsync();
        var dialog = page.GetByTestId("new-case-dialog");
        await Field(dialog, "new-case-birth-year").FillAsync("1850");
        await page.GetByTestId("new-case-create").ClickAsync();
        await Assertions.Expect(dialog.GetByText("Give a pseudonym")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("Give a year between 1900")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "new-case-errors");

        // With a pseudonym but still an impossible birth year: refused again, and nothing is created.
        var pseudonym = $"NET-REFUSED-{Guid.NewGuid():N}"[..20];
        await Field(dialog, "new-case-pseudonym").FillAsync(pseudonym);
        await page.GetByTestId("new-case-create").ClickAsync();
        await Assertions.Expect(dialog.GetByText("Give a year between 1900")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("Give a pseudonym")).ToHaveCountAsync(0);
        await page.GetByTestId("new-case-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-row").Filter(new() { HasText = pseudonym })).ToHaveCountAsync(0);
        var cases = await Host.ApiAsync("oncologist@demo.local", HttpMethod.Get, "/api/cases");
        Assert.DoesNotContain(cases.EnumerateArray(), c => c.ToString().Contains(pseudonym, StringComparison.Ordinal));
    }
}
