namespace NetTumorBoard.E2E.Decisions;

/// <summary>
/// Proposing a plan that follows a recommendation the case has not attached yet: the form offers it, so a standard
/// plan is not recorded as "off-guideline" only because nobody had attached the guideline first.
/// </summary>
public sealed class ProposingTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_plan_follows_a_suggested_recommendation_attached_from_the_proposal_form()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "PROP-1", new
        {
            primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 5, differentiation = "Well", tnm = new { t = "T2", n = "N1", m = "M1a" },
            sstrImaging = new { modality = "Ga68Dotatate", positive = true, date = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM-dd") },
        }, "Start a somatostatin analog?");
        var page = await SignInAsync("oncologist@demo.local", "oncologist", $"/cases/{caseId}");
        await page.GetByTestId("propose").ClickAsync();
        var form = page.GetByTestId("proposal-form");
        await form.GetByTestId("proposal-intervention").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Somatostatin analog", Exact = true }).ClickAsync();
        var suggested = form.GetByTestId("proposal-suggested");
        await Assertions.Expect(suggested).ToContainTextAsync("SSA first line");
        await form.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "proposal-form", fullPage: false);

        await suggested.GetByTestId("proposal-attach-link").First.ClickAsync();
        await Assertions.Expect(form.GetByTestId("proposal-off-guideline")).ToHaveCountAsync(0); // no "why off-guideline" asked
        await Field(form, "proposal-description").FillAsync("Lanreotide 120 mg every 28 days");
        await page.GetByTestId("proposal-save").ClickAsync();

        var proposal = page.GetByTestId("proposal").First;
        await Assertions.Expect(proposal).ToContainTextAsync("Per: SSA first line");
        await Assertions.Expect(proposal).Not.ToContainTextAsync("Off-guideline");
        await Assertions.Expect(page.Locator("[data-testid=attached-recommendation][data-recommendation-id='pannet-ssa-first-line']")).ToBeVisibleAsync();
    }
    /// <summary>Proposed first, the guideline attached later: the proposer links the plan to it, and it is no longer off-guideline.</summary>
    [Fact]
    public async Task A_plan_proposed_before_its_guideline_was_attached_is_linked_to_it_afterwards()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "PROP-2", new { primarySite = "Pancreas", whoGrade = "G1", ki67Percent = 2 }, "Lanreotide?");
        await Host.ApiAsync("oncologist@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "SomatostatinAnalog", description = "Lanreotide 120 mg every 28 days", offGuidelineRationale = "The guideline is attached after the meeting" });
        var suggestions = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{caseId}/suggestions");
        var ssa = suggestions.EnumerateArray().First(r => r.GetProperty("intervention").GetString() == "SomatostatinAnalog");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/recommendations", new { recommendationId = ssa.GetProperty("recommendationId").GetString() });

        var page = await SignInAsync("oncologist@demo.local", "oncologist-link", $"/cases/{caseId}");
        var proposal = page.GetByTestId("proposal").First;
        await Assertions.Expect(proposal).ToContainTextAsync("Off-guideline");
        await proposal.GetByTestId("proposal-link-recommendation").First.ClickAsync();
        await Assertions.Expect(proposal).ToContainTextAsync($"Per: {ssa.GetProperty("title").GetString()}");
        await Assertions.Expect(proposal).Not.ToContainTextAsync("Off-guideline");
        await Assertions.Expect(proposal.GetByTestId("proposal-link-recommendation")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "proposal-linked", fullPage: false);
    }
}
