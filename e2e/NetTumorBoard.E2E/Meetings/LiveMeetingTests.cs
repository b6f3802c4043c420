using Microsoft.Playwright;
using System.Diagnostics;
using UglyToad.PdfPig;

namespace NetTumorBoard.E2E.Meetings;

/// <summary>A live board meeting in three browsers: the chair leads, the others follow, one browses freely for a while.</summary>
public sealed class LiveMeetingTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task The_chair_advances_the_agenda_and_followers_move_within_a_second_and_the_minutes_list_cases_and_decisions()
    {
        var first = await Host.CreateCaseAsync("chair@demo.local", "MEET-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        var second = await Host.CreateCaseAsync("chair@demo.local", "MEET-2", new { primarySite = "SmallIntestine", whoGrade = "G1" }, "Lanreotide dose escalation?");
        var third = await Host.CreateCaseAsync("chair@demo.local", "MEET-3", new { primarySite = "Lung", histology = "AtypicalCarcinoid" }, "Adjuvant therapy after resection?");
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, week 48", startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, location = "Room 4.12" });
        var meetingId = meeting.GetProperty("id").GetGuid();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda", new
        {
            items = new object[]
            {
                new { caseId = first, minutes = 6, triage = "Discuss" }, new { caseId = second, minutes = 4, triage = "Discuss" },
                new { caseId = third, minutes = 5, triage = "Discuss" },
            },
        });
        var proposal = await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{first}/proposals",
            new { intervention = "Captem", description = "CAPTEM for 6 cycles", offGuidelineRationale = "Recommendation attached after the meeting" });

        var chair = await SignInAsync("chair@demo.local", "chair", $"/meetings/{meetingId}");
        await ScreenshotAsync(chair, "meeting-agenda");
        await chair.GetByTestId("meeting-start").ClickAsync();
        await Assertions.Expect(chair).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{first}$"));

        var oncologist = await SignInAsync("oncologist@demo.local", "oncologist", $"/meetings/{meetingId}");
        var radiologist = await SignInAsync("radiologist@demo.local", "radiologist", $"/meetings/{meetingId}");
        await radiologist.GetByTestId("check-in-remote").ClickAsync();
        foreach (var page in new[] { oncologist, radiologist })
        {
            await page.GetByTestId("meeting-join").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{first}$"));
            await Assertions.Expect(page.GetByTestId("meeting-bar-case")).ToContainTextAsync("MEET-1");
        }

        // The room screen (the coordinator's PC on the projector) shows the case under discussion in large type — from
        // the first paint on, without going blank when the page turns interactive (the projector would flash): it counts
        // every moment the case is gone again. Its own browser window: a second tab would put the chair's page in the
        // background, where Chromium throttles its timers.
        var presenter = await SignInAsync("coordinator@demo.local", "room screen");
        await presenter.SetViewportSizeAsync(1920, 1080);
        await presenter.AddInitScriptAsync("""
            window.ntbCaseVanished = 0;
            new MutationObserver(() => {
                const shown = document.querySelector('[data-testid=presenter-case]') !== null;
                if (window.ntbCaseShown && !shown) window.ntbCaseVanished++;
                window.ntbCaseShown = shown;
            }).observe(document, { childList: true, subtree: true });
            """);
        await presenter.GotoAsync($"/meetings/{meetingId}/present");
        await Assertions.Expect(presenter.GetByTestId("presenter-case")).ToHaveAttributeAsync("data-case-id", first.ToString());
        await WaitForCircuitAsync(presenter);
        await Assertions.Expect(presenter.GetByTestId("presenter-timer")).ToContainTextAsync("/ 6:00");
        await presenter.WaitForTimeoutAsync(300); // the interactive page's own first read lands meanwhile
        Assert.Equal(0, await presenter.EvaluateAsync<int>("window.ntbCaseVanished"));
        // The room tells a pancreatic from a small-intestinal NET at a glance: the site leads the classification.
        await Assertions.Expect(presenter.GetByTestId("presenter-classification")).ToContainTextAsync("Pancreas · NET G2 · Ki-67 14");
        // … and sees what the plan rests on: here, that it departs from the guidelines, and why.
        await Assertions.Expect(presenter.GetByTestId("presenter-basis")).ToContainTextAsync("Off-guideline — why: Recommendation attached after the meeting");
        // What is not recorded says so ("—" across a room reads as "none"), and the gaps are listed before the board decides.
        await Assertions.Expect(presenter.GetByTestId("presenter-facts")).ToContainTextAsync("Stage: not recorded");
        await Assertions.Expect(presenter.GetByTestId("presenter-facts")).ToContainTextAsync("ECOG: not recorded");
        await Assertions.Expect(presenter.GetByTestId("presenter-missing")).ToContainTextAsync("Work-up incomplete:");
        await Assertions.Expect(presenter.GetByTestId("presenter-missing")).ToContainTextAsync("ECOG");

        // The oncologist votes on the first case during the meeting: the chair's screen and the room screen count it.
        await oncologist.GetByTestId("vote-support").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("proposal").First.GetByTestId("tally")).ToHaveAttributeAsync("data-support", "1");
        await Assertions.Expect(presenter.GetByTestId("tally")).ToHaveAttributeAsync("data-support", "1");
        await Assertions.Expect(presenter.GetByTestId("presenter-quorum")).ToContainTextAsync("Quorum not met");
        await Assertions.Expect(presenter.GetByTestId("tally-needed")).ToHaveTextAsync("5 more voters needed"); // one vote is not a green bar
        // The bar names who is there and who is not in words; a ✗ beside a discipline would read as an objection.
        var barQuorum = oncologist.GetByTestId("meeting-quorum");
        await Assertions.Expect(barQuorum).ToContainTextAsync(new System.Text.RegularExpressions.Regex("absent:|no vote yet:"));
        await Assertions.Expect(barQuorum).Not.ToContainTextAsync("✗");
        await ScreenshotAsync(presenter, "meeting-presenter", fullPage: false);
        await ScreenshotAsync(oncologist, "meeting-following", fullPage: false);

        // Next case: both followers are there within a second of the chair's click. Their navigations are awaited as
        // events from before the click (an assertion that polls would add its polling gaps to the measured time).
        var arrivals = new[] { oncologist, radiologist }.Select(page => page.WaitForURLAsync(
            new System.Text.RegularExpressions.Regex($"/cases/{second}$"), new() { Timeout = 1_000, WaitUntil = WaitUntilState.Commit })).ToList();
        var clock = Stopwatch.StartNew();
        await chair.GetByTestId("meeting-next").ClickAsync();
        await Task.WhenAll(arrivals);
        var followed = clock.ElapsedMilliseconds;

        // The oncologist stops following and stays on the case while the meeting moves on.
        await oncologist.GetByTestId("meeting-unfollow").ClickAsync();
        await Assertions.Expect(oncologist.GetByTestId("meeting-follow")).ToBeVisibleAsync();
        var arrival = radiologist.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{third}$"), new() { Timeout = 1_000, WaitUntil = WaitUntilState.Commit });
        clock.Restart();
        await chair.GetByTestId("meeting-next").ClickAsync();
        await arrival;
        var followedAgain = clock.ElapsedMilliseconds;
        await Assertions.Expect(oncologist.GetByTestId("meeting-bar-case")).ToContainTextAsync("MEET-3");
        Assert.EndsWith($"/cases/{second}", oncologist.Url);
        await ScreenshotAsync(oncologist, "meeting-browsing-freely", fullPage: false);
        await oncologist.GetByTestId("meeting-follow").ClickAsync();
        await Assertions.Expect(oncologist).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{third}$"));
        Console.WriteLine($"followers moved after {followed} ms and {followedAgain} ms");

        // Attendance shows all three with their disciplines.
        var seen = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/meetings/{meetingId}");
        Console.WriteLine($"attendance before reload: {seen.GetProperty("attendees")}");
        await chair.GotoAsync($"/meetings/{meetingId}");
        await WaitForCircuitAsync(chair);
        foreach (var (name, discipline) in new[] { ("Dr. Clara Chair", "Medical oncology"), ("Dr. Omar Oncologist", "Medical oncology"), ("Dr. Raj Radiologist", "Radiology") })
        {
            await Assertions.Expect(chair.Locator($"[data-testid=attendee][data-name='{name}']")).ToContainTextAsync(discipline);
        }
        await Assertions.Expect(chair.Locator("[data-testid=attendee][data-name='Dr. Raj Radiologist']")).ToContainTextAsync("remote");
        await Assertions.Expect(chair.Locator($"[data-testid=agenda-item][data-case-id='{third}']")).ToHaveAttributeAsync("data-current", "true");
        await ScreenshotAsync(chair, "meeting-live");

        // The room screen has followed the meeting to the third case.
        await Assertions.Expect(presenter.GetByTestId("presenter-case")).ToHaveAttributeAsync("data-case-id", third.ToString());
        await Assertions.Expect(presenter.GetByTestId("presenter-header")).ToContainTextAsync("Case 3 of 3");
        Assert.Equal(0, await presenter.EvaluateAsync<int>("window.ntbCaseVanished"));
        await presenter.CloseAsync();

        // A decision on the first case, the end of the meeting, and its minutes as a PDF.
        var proposalId = proposal.GetProperty("proposalId").GetGuid();
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{first}/decision", new
        {
            proposalId, rationale = "Bulky progressive G2 disease", concordance = new { status = "Deviation", reason = "Recommendation attached after the meeting" },
            quorumOverrideReason = "Pathology reviewed in advance",
        });
        await chair.GetByTestId("meeting-end").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("meeting-status")).ToHaveTextAsync("Ended");
        // The cases the board did not decide say so on the ended meeting's agenda.
        await Assertions.Expect(chair.GetByTestId("agenda-undecided")).ToHaveCountAsync(2);
        // Nothing left to follow: a follower's bar offers only to leave.
        await Assertions.Expect(oncologist.GetByTestId("meeting-leave")).ToBeVisibleAsync();
        await Assertions.Expect(oncologist.GetByTestId("meeting-unfollow")).ToHaveCountAsync(0);
        await chair.GetByTestId("minutes-record").ClickAsync();
        var download = await chair.RunAndWaitForDownloadAsync(() => chair.GetByTestId("minutes-pdf").ClickAsync());
        var path = Path.Combine(E2EHost.ArtifactsDirectory, "minutes.pdf");
        await download.SaveAsAsync(path);
        using var pdf = PdfDocument.Open(path);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        foreach (var expected in new[] { "MEET-1", "MEET-2", "MEET-3", "CAPTEM for 6 cycles", "Deviates from the guidelines", "Dr. Raj Radiologist", "No decision recorded" })
        {
            Assert.Contains(expected, text);
        }
        // Recording again replaces what people download: it asks first, and Cancel changes nothing.
        await Assertions.Expect(chair.GetByTestId("minutes-record")).ToHaveTextAsync("Record the minutes again");
        await chair.GetByTestId("minutes-record").ClickAsync();
        var confirm = chair.Locator(".mud-dialog");
        await Assertions.Expect(confirm).ToContainTextAsync("replace the current ones");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        // Someone with the meeting open who did not check in is not given a made-up mode ("online").
        var modes = await chair.Locator("[data-testid=attendee] .attendee-mode").AllInnerTextsAsync();
        Assert.Contains("in the app, not checked in", modes); // the chair ran the meeting without checking in
        Assert.All(modes, mode => Assert.Contains(mode, new[] { "in the room", "remote", "in the app, not checked in" }));
        await ScreenshotAsync(chair, "meeting-ended", fullPage: false);
    }
}
