namespace NetTumorBoard.E2E.Meetings;

/// <summary>The coordinator builds the agenda: adds cases, drags one to the top, sets triage; wrong minutes are named; a concurrent change is not overwritten unasked.</summary>
public sealed class AgendaEditingTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_coordinator_adds_cases_drags_one_to_the_top_and_saves_the_agenda()
    {
        var first = await Host.CreateCaseAsync("chair@demo.local", "AGENDA-1", new { primarySite = "Pancreas" }, "Surveillance or surgery?");
        var second = await Host.CreateCaseAsync("chair@demo.local", "AGENDA-2", new { primarySite = "SmallIntestine" }, "SSA dose?");
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, agenda test", startsAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 45 });
        var meetingId = meeting.GetProperty("id").GetGuid();

        var coordinator = await SignInAsync("coordinator@demo.local", "coordinator", $"/meetings/{meetingId}");
        await coordinator.GetByTestId("agenda-edit").ClickAsync();
        foreach (var pseudonym in new[] { "AGENDA-1", "AGENDA-2" })
        {
            await coordinator.GetByTestId("agenda-add").ClickAsync();
            await coordinator.GetByText(pseudonym, new() { Exact = false }).Last.ClickAsync();
            await Assertions.Expect(coordinator.Locator($"[data-testid=agenda-row]:has-text('{pseudonym}')")).ToBeVisibleAsync();
        }
        var rows = coordinator.GetByTestId("agenda-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        // Each row says what the board is asked, not only who the case is.
        await Assertions.Expect(rows.Nth(0).GetByTestId("agenda-row-question")).ToHaveTextAsync("Surveillance or surgery?");
        // The figures are the draft's (not the saved agenda's, still empty), and the case just added is not shown as if still to add.
        await Assertions.Expect(coordinator.GetByTestId("agenda-totals")).ToContainTextAsync("2 cases · 10 of 45 min planned");
        await Assertions.Expect(Field(coordinator.Locator("body"), "agenda-add")).ToHaveValueAsync("");

        // A wrong number of minutes is named on its row and nothing is saved.
        await Field(rows.Nth(1), "agenda-minutes").FillAsync("0");
        await coordinator.GetByTestId("agenda-save").ClickAsync();
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Plan 1 to 60 minutes");
        await Field(rows.Nth(1), "agenda-minutes").FillAsync("7");

        await rows.Nth(1).DragToAsync(rows.Nth(0));
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-case-id", second.ToString());
        await coordinator.Keyboard.PressAsync("Escape"); // the drag can leave a triage list open
        await ScreenshotAsync(coordinator, "agenda-editor", fullPage: false);
        await coordinator.GetByTestId("agenda-save").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("agenda-save")).ToBeDisabledAsync();

        var saved = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/meetings/{meetingId}");
        var agenda = saved.GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal([second, first], agenda.Select(a => a.GetProperty("caseId").GetGuid()));
        Assert.Equal(7, agenda[0].GetProperty("minutes").GetInt32());

        // Meanwhile another agenda is saved (by her, elsewhere): saving this draft does not silently replace it, it asks.
        await Field(rows.Nth(0), "agenda-minutes").FillAsync("9");
        await Field(rows.Nth(0), "agenda-minutes").PressAsync("Tab");
        await Assertions.Expect(coordinator.GetByTestId("agenda-save")).ToBeEnabledAsync();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda",
            new { items = new object[] { new { caseId = first, minutes = 4, triage = "Discuss" } } });
        await coordinator.GetByTestId("agenda-save").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("agenda-conflict")).ToContainTextAsync("AGENDA-1 (4 min)");
        await Assertions.Expect(coordinator.GetByTestId("agenda-conflict-by")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^You, elsewhere \(another tab, window or device\), at \d\d:\d\d UTC([+−]\d\d:\d\d)?$")); // her own other save, not a colleague's
        await ScreenshotAsync(coordinator, "agenda-conflict", fullPage: false);
        Assert.Single((await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/meetings/{meetingId}")).GetProperty("agenda").EnumerateArray());
        await coordinator.GetByTestId("agenda-keep-mine").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("agenda-conflict")).ToHaveCountAsync(0);
        await Assertions.Expect(coordinator.GetByTestId("agenda-save")).ToBeDisabledAsync();
        agenda = (await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/meetings/{meetingId}")).GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal([second, first], agenda.Select(a => a.GetProperty("caseId").GetGuid()));
        Assert.Equal(9, agenda[0].GetProperty("minutes").GetInt32());
    }
}
