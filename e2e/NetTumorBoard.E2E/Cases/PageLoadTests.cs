using System.Text.Json;

namespace NetTumorBoard.E2E.Cases;

/// <summary>
/// Opening a screen (a link, a reload): the page is prerendered, then turns interactive and reads everything again. It
/// must not go blank in between — a flash on every opened case, in a meeting room on a projector — and it must turn
/// interactive whatever the case holds.
/// </summary>
public sealed class PageLoadTests(E2EHost host) : BrowserTest(host)
{
    private static readonly string[] Parts = ["case-title", "case-question", "section-text-history", "case-guidelines", "proposals", "review-panel"];

    [Fact]
    public async Task An_opened_case_is_shown_from_the_first_paint_and_never_goes_blank_while_the_page_turns_interactive()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "LOAD-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/history",
            new { baseVersion = 1, text = "Lanreotide since 2024; progression on CT 2026-10." });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "Captem", description = "CAPTEM for 6 cycles", offGuidelineRationale = "Recommendation attached after the meeting" });
        var page = await SignInAsync("chair@demo.local", "chair", "/cases");
        await page.AddInitScriptAsync(CountAnyVanishing);

        foreach (var url in new[] { $"/cases/{caseId}", $"/cases/{caseId}?version=2" })
        {
            await page.GotoAsync(url);
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.GetByTestId("section-text-history")).ToContainTextAsync("Lanreotide since 2024");
            await page.WaitForTimeoutAsync(1_000); // the interactive page's own first read lands meanwhile
            var shown = await page.EvaluateAsync<Dictionary<string, bool>>("window.ntbShown");
            Assert.All(Parts, part => Assert.True(shown.GetValueOrDefault(part), $"{part} is not shown on {url}"));
            // The case's own parts (live parts such as who is present may change meanwhile, as they should).
            var vanished = await page.EvaluateAsync<Dictionary<string, int>>("window.ntbVanished");
            Assert.Equal("", string.Join(", ", Parts.Where(vanished.ContainsKey)));
        }
        // Still live: a change made elsewhere reaches the page.
        await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/history",
            new { baseVersion = 3, text = "Lanreotide since 2024; progression on CT 2026-10. Chromogranin A rising." });
        await page.GotoAsync($"/cases/{caseId}");
        await WaitForCircuitAsync(page);
        await Host.ApiAsync("chair@demo.local", HttpMethod.Patch, $"/api/cases/{caseId}/fields",
            new { baseVersion = 4, changes = new Dictionary<string, object?> { ["question"] = "PRRT first?" } });
        await Assertions.Expect(page.GetByTestId("case-question")).ToHaveTextAsync("PRRT first?");
    }

    /// <summary>
    /// The carried state travels back in the circuit's first message, which has a size limit: a case at the limits
    /// (five sections of 20,000 characters, non-Latin text, each character 6 bytes as JSON) must still open
    /// interactive — on the case page and on the room screen.
    /// </summary>
    [Fact]
    public async Task A_case_with_five_full_sections_of_non_Latin_text_opens_interactive_on_the_case_page_and_the_room_screen()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "LOAD-BIG", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        var text = string.Concat(Enumerable.Repeat("Größe äöü ÄÖÜ ß — ", 2_000))[..20_000];
        long version = 1;
        foreach (var key in new[] { "history", "imaging", "pathology", "laboratory", "discussion" })
        {
            version = (await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/{key}", new { baseVersion = version, text }))
                .GetProperty("version").GetInt64();
        }
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, long case", startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, location = "Room 4.12" });
        var meetingId = meeting.GetProperty("id").GetGuid();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda",
            new { items = new object[] { new { caseId, minutes = 6, triage = "Discuss" } } });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/start", new { });

        var chair = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        await Assertions.Expect(chair.GetByTestId("section-text-discussion")).ToContainTextAsync("Größe äöü");
        // Carried too (compressed), so even this case does not go blank while the page turns interactive.
        await chair.AddInitScriptAsync(CountAnyVanishing);
        await chair.ReloadAsync();
        await WaitForCircuitAsync(chair);
        await chair.WaitForTimeoutAsync(1_000);
        Assert.Equal("", string.Join(", ", Parts.Where((await chair.EvaluateAsync<Dictionary<string, int>>("window.ntbVanished")).ContainsKey)));
        await chair.GetByTestId("section-toggle-history").ClickAsync(); // the circuit works: the editor opens
        await Assertions.Expect(chair.GetByTestId("section-toggle-history")).ToHaveTextAsync("Done");

        var screen = await SignInAsync("coordinator@demo.local", "room screen", $"/meetings/{meetingId}/present");
        await Assertions.Expect(screen.GetByTestId("presenter-case")).ToHaveAttributeAsync("data-case-id", caseId.ToString());
    }

    /// <summary>Every element with a test id that is gone again after it was shown (from the first paint on), counted per test id.</summary>
    private const string CountAnyVanishing = """
        window.ntbVanished = {};
        window.ntbShown = {};
        new MutationObserver(() => {
            for (const el of document.querySelectorAll('[data-testid]')) { window.ntbShown[el.dataset.testid] = true; }
            for (const part of Object.keys(window.ntbShown)) {
                if (window.ntbShown[part] === true && document.querySelector('[data-testid="' + part + '"]') === null) {
                    window.ntbVanished[part] = (window.ntbVanished[part] || 0) + 1;
                    window.ntbShown[part] = false;
                }
            }
        }).observe(document, { childList: true, subtree: true });
        """;

    /// <summary>
    /// The screens people open most: the case list (the first after signing in), meetings, a meeting, the review queue,
    /// the boards, a case's history; and the guideline library and its open questions (too large to carry as they are).
    /// </summary>
    [Fact]
    public async Task The_main_screens_show_their_content_from_the_first_paint_and_nothing_vanishes_while_they_turn_interactive()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "LOAD-2", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/imaging",
            new { baseVersion = 1, text = "CT 2026-10: liver metastases, largest 41 mm." });
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, load", startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, location = "Room 4.12" });
        var meetingId = meeting.GetProperty("id").GetGuid();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda",
            new { items = new object[] { new { caseId, minutes = 6, triage = "Discuss" } } });
        var page = await SignInAsync("chair@demo.local", "chair", "/cases");
        await page.AddInitScriptAsync(CountAnyVanishing);

        foreach (var (url, content) in new[]
                 {
                     ("/cases", "case-row"), ("/meetings", "meeting-row"), ($"/meetings/{meetingId}", "meeting-heading"), ("/reviews", "no-reviews"),
                     ("/boards", "board-card"), ($"/cases/{caseId}/history", "history-item"),
                     ("/guidelines", "recommendation-card"), ("/guidelines/open-questions", "open-question"),
                 })
        {
            await page.GotoAsync(url);
            await WaitForCircuitAsync(page);
            await page.WaitForTimeoutAsync(1_000); // the interactive page's own first read lands meanwhile
            var shown = await page.EvaluateAsync<Dictionary<string, bool>>("window.ntbShown");
            Assert.True(shown.GetValueOrDefault(content), $"{content} is not shown on {url}");
            Assert.Equal($"{url}: {{}}", $"{url}: {await page.EvaluateAsync<string>("JSON.stringify(window.ntbVanished)")}");
        }
    }
}
