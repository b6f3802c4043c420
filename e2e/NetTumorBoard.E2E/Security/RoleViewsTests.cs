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
        // The member sees both readers present, named as readers (not as "OTH" beside the voters' disciplines).
        Microsoft.Playwright.ILocator Capacity(string person) =>
            member.Locator($"[data-testid=presence-person][data-name='{person}'] [data-testid=presence-capacity]");
        await Assertions.Expect(Capacity("Otto Observer")).ToHaveTextAsync("observer");
        await Assertions.Expect(Capacity("Aude Auditor")).ToHaveTextAsync("auditor");
        await Assertions.Expect(Capacity("Dr. Sofia Surgeon")).ToHaveCountAsync(0);
        await Assertions.Expect(member.Locator("[data-testid=presence-person][data-name='Dr. Sofia Surgeon']")).ToContainTextAsync("SUR");
        await ScreenshotAsync(member, "case-presence-readers", fullPage: false);

        var outsider = await SignInAsync("outsider@demo.local", "outsider", path);
        await Assertions.Expect(outsider.GetByText("Case not found")).ToBeVisibleAsync();
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("ROLE-1");
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("Lanreotide or surveillance?");
        await outsider.GotoAsync($"/cases/{caseId}/history");
        await WaitForCircuitAsync(outsider);
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("ROLE-1");
    }

    [Fact]
    public async Task A_meeting_through_each_roles_eyes_coordinator_plans_chair_runs_auditor_reads_outsider_sees_nothing()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "ROLE-M", new { primarySite = "SmallIntestine", whoGrade = "G1" }, "Surveillance?");
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, roles", startsAt = DateTimeOffset.UtcNow.AddDays(3), durationMinutes = 45 });
        var meetingId = meeting.GetProperty("id").GetGuid();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda",
            new { items = new[] { new { caseId, minutes = 5, triage = "Discuss" } } });
        var path = $"/meetings/{meetingId}";

        var coordinator = await SignInAsync("coordinator@demo.local", "coordinator", path);
        await Assertions.Expect(coordinator.GetByTestId("agenda-edit")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByTestId("meeting-start")).ToBeVisibleAsync();
        await coordinator.GotoAsync("/meetings");
        await WaitForCircuitAsync(coordinator);
        await Assertions.Expect(coordinator.GetByTestId("schedule-meeting")).ToBeVisibleAsync();

        var chair = await SignInAsync("chair@demo.local", "chair", path);
        await Assertions.Expect(chair.GetByTestId("meeting-start")).ToBeVisibleAsync();
        await Assertions.Expect(chair.GetByTestId("agenda-edit")).ToHaveCountAsync(0);
        await chair.GotoAsync("/meetings");
        await WaitForCircuitAsync(chair);
        await Assertions.Expect(chair.GetByTestId("meeting-row").First).ToBeVisibleAsync();
        await Assertions.Expect(chair.GetByTestId("schedule-meeting")).ToHaveCountAsync(0);

        var auditor = await SignInAsync("auditor@demo.local", "auditor", path);
        await Assertions.Expect(auditor.GetByTestId("meeting-heading")).ToHaveTextAsync("NET board, roles");
        await Assertions.Expect(auditor.GetByText("ROLE-M")).ToBeVisibleAsync();
        foreach (var control in new[] { "meeting-join", "meeting-start", "check-in-room", "check-in-remote", "agenda-edit" })
        {
            await Assertions.Expect(auditor.GetByTestId(control)).ToHaveCountAsync(0);
        }
        await ScreenshotAsync(auditor, "meeting-as-auditor", fullPage: false);
        await auditor.GotoAsync("/meetings");
        await WaitForCircuitAsync(auditor);
        await Assertions.Expect(auditor.Locator($"[data-meeting-id='{meetingId}']")).ToBeVisibleAsync();
        await Assertions.Expect(auditor.GetByTestId("schedule-meeting")).ToHaveCountAsync(0);

        var outsider = await SignInAsync("outsider@demo.local", "outsider", path);
        await Assertions.Expect(outsider.GetByText("Meeting not found")).ToBeVisibleAsync();
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("NET board, roles");
    }
}
