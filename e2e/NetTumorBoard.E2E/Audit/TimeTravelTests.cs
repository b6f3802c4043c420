namespace NetTumorBoard.E2E.Audit;

/// <summary>An auditor's question: what did the board see when it decided? The record answers, whatever changed since.</summary>
public sealed class TimeTravelTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task From_a_decision_the_case_opens_as_the_board_saw_it_with_the_old_text_of_a_section_edited_since()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "AUDIT-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/imaging",
            new { baseVersion = 1, text = "CT 2026-10: liver metastases, largest 41 mm; hepatic burden about 30 percent." });
        var proposal = await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "Captem", description = "CAPTEM for 6 cycles", offGuidelineRationale = "Recommendation attached after the meeting" });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/decision", new
        {
            proposalId = proposal.GetProperty("proposalId").GetGuid(), rationale = "Bulky progressive disease",
            concordance = new { status = "Deviation", reason = "Recommendation attached after the meeting" }, quorumOverrideReason = "Reviewed in advance",
        });
        // After the decision someone rewrites the imaging section.
        var current = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{caseId}");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Put, $"/api/cases/{caseId}/sections/imaging",
            new { baseVersion = current.GetProperty("version").GetInt64(), text = "CT 2027-01 (after 3 cycles): partial response, largest 28 mm." });

        var auditor = await SignInAsync("auditor@demo.local", "auditor", $"/cases/{caseId}");
        await Assertions.Expect(auditor.GetByTestId("section-text-imaging")).ToContainTextAsync("partial response");
        await auditor.GetByTestId("as-board-saw-it").ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("time-travel")).ToContainTextAsync("as the board saw it when deciding");
        await Assertions.Expect(auditor.GetByTestId("section-text-imaging")).ToContainTextAsync("largest 41 mm");
        await Assertions.Expect(auditor.GetByTestId("section-text-imaging")).Not.ToContainTextAsync("partial response");
        await Assertions.Expect(auditor.GetByTestId("section-toggle-imaging")).ToHaveCountAsync(0);
        await ScreenshotAsync(auditor, "time-travel-as-decided");

        await auditor.GetByTestId("time-travel-back").ClickAsync();
        await auditor.GetByTestId("case-history-link").ClickAsync();
        var edit = auditor.Locator("[data-testid=history-item][data-type=SectionEdited]").First;
        await Assertions.Expect(edit.Locator("ins").Filter(new() { HasText = "partial response" })).ToHaveCountAsync(1);
        await Assertions.Expect(edit.Locator("del").Filter(new() { HasText = "liver metastases" })).ToHaveCountAsync(1);
        await auditor.GetByTestId("verify-ledger").ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("ledger-result")).ToContainTextAsync("Intact");
        await Assertions.Expect(auditor.GetByText("Include this patient's other board discussions")).ToBeVisibleAsync(); // not "re-discussions", unexplained
        await ScreenshotAsync(auditor, "case-history");

        var reads = await Host.ApiAsync("auditor@demo.local", HttpMethod.Get, $"/api/audit/access?caseId={caseId}");
        var kinds = reads.EnumerateArray().Where(r => r.GetProperty("userName").GetString() == "Aude Auditor").Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("Page", kinds);
        Assert.Contains("TimeTravel", kinds);
        Assert.Contains("History", kinds);
    }
}
