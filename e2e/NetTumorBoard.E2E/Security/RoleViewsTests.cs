namespace NetTumorBoard.E2E.Security;

/// <summary>
/// The same case through each role's eyes in the browser: a member edits and votes, an observer and an auditor read
/// without any control that changes the case, and a member of another board is told the case is not there.
/// </summary>
public sealed class RoleViewsTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task Each_role_sees_the_controls_its_role_allows_and_an_outsider_sees_nothing_of_the_case()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "ROLE-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 9 }, "Lanreotide or surveillance?");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "SomatostatinAnalog", description = "Lanreotide 120 mg every 28 days", offGuidelineRationale = "Standard dose; the recommendation is attached after the meeting" });
        var path = $"/cases/{caseId}";

        var member = await SignInAsync("surgeon@demo.local", "member", path);
        await Assertions.Expect(member.GetByTestId("case-title")).ToHaveTextAsync("ROLE-1");
        await Assertions.Expect(member.GetByTestId("edit-tumor.ki67Percent")).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByTestId("section-toggle-history")).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByTestId("propose")).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByTestId("vote-support")).ToBeVisibleAsync();

        foreach (var (email, name) in new[] { ("observer@demo.local", "observer"), ("auditor@demo.local", "auditor") })
        {
            var reader = await SignInAsync(email, name, path);
            await Assertions.Expect(reader.GetByTestId("case-title")).ToHaveTextAsync("ROLE-1");
            await Assertions.Expect(reader.GetByText("Lanreotide 120 mg every 28 days")).ToBeVisibleAsync();
            foreach (var control in new[] { "edit-tumor.ki67Percent", "edit-question", "section-toggle-history", "propose", "vote-support", "vote-oppose" })
            {
                await Assertions.Expect(reader.GetByTestId(control)).ToHaveCountAsync(0);
            }
            await ScreenshotAsync(reader, $"case-as-{name}", fullPage: false);
        }

        var outsider = await SignInAsync("outsider@demo.local", "outsider", path);
        await Assertions.Expect(outsider.GetByText("Case not found")).ToBeVisibleAsync();
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("ROLE-1");
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("Lanreotide or surveillance?");
        await outsider.GotoAsync($"/cases/{caseId}/history");
        await WaitForCircuitAsync(outsider);
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("ROLE-1");
    }
}
