using Microsoft.Playwright;

namespace NetTumorBoard.E2E.Cases;

/// <summary>A decided patient comes back: the chair opens a linked new case, after being told what that does.</summary>
public sealed class RediscussTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task Discussing_a_patient_again_asks_first_then_opens_a_linked_draft_and_leaves_the_decision_as_recorded()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "AGAIN-1", new { primarySite = "SmallIntestine", whoGrade = "G1", ki67Percent = 2 }, "Lanreotide?");
        var proposal = await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "SomatostatinAnalog", description = "Lanreotide 120 mg every 28 days", offGuidelineRationale = "Not attached in this test" });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/decision", new
        {
            proposalId = proposal.GetProperty("proposalId").GetGuid(), rationale = "Stable disease, SSTR-positive", quorumOverrideReason = "Test board",
            concordance = new { status = "Deviation", reason = "Not attached" },
        });

        var chair = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        // Recorded through the API with nobody on the case: the card says so rather than an empty "Present:".
        await Assertions.Expect(chair.GetByTestId("decision-present")).ToContainTextAsync("Present: none recorded");
        await chair.GetByTestId("rediscuss").ClickAsync();
        var dialog = chair.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("This case and its decision stay exactly as recorded");
        await ScreenshotAsync(chair, "rediscuss-confirm", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.EndsWith($"/cases/{caseId}", chair.Url); // nothing opened
        var cases = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, "/api/cases?q=AGAIN-1");
        Assert.Single(cases.EnumerateArray(), c => c.GetProperty("pseudonym").GetString() == "AGAIN-1");

        await chair.GetByTestId("rediscuss").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Open a new case" }).ClickAsync();
        // Blazor navigates within the page (no load event to wait for): poll the address instead.
        await Assertions.Expect(chair).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{caseId}$"));
        await WaitForCircuitAsync(chair);
        await Assertions.Expect(chair.GetByTestId("case-title")).ToHaveTextAsync("AGAIN-1");
        await Assertions.Expect(chair.GetByTestId("case-status")).ToHaveTextAsync("Draft");
        await Assertions.Expect(chair.GetByTestId("patient-timeline")).ToContainTextAsync("Decided · Lanreotide?"); // the earlier discussion, one click away
    }
}
