namespace NetTumorBoard.E2E.Cases;

/// <summary>Prior lines of treatment are entered on the case page (before, only through the API): added, named when wrong, removed.</summary>
public sealed class PriorTherapiesTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_contributor_adds_a_prior_therapy_and_removes_it_on_the_case_page()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "PRIOR-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "Second line?");
        var page = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        await Assertions.Expect(page.GetByTestId("prior-therapies")).ToContainTextAsync("None recorded.");

        // Without a therapy chosen the form says what is missing and nothing is saved.
        await page.GetByTestId("prior-therapy-add").ClickAsync();
        await Field(page.GetByTestId("prior-therapy-form"), "prior-therapy-start").FillAsync("2025-01-15");
        await page.GetByTestId("prior-therapy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("prior-therapy-form")).ToContainTextAsync("Choose the therapy.");

        await page.GetByTestId("prior-therapy-intervention").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Somatostatin analog" }).ClickAsync();
        await Field(page.GetByTestId("prior-therapy-form"), "prior-therapy-agent").FillAsync("lanreotide 120 mg every 28 days");
        await page.GetByTestId("prior-therapy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("prior-therapy")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("prior-therapy")).ToContainTextAsync("Somatostatin analog");
        await Assertions.Expect(page.GetByTestId("prior-therapy")).ToContainTextAsync("2025-01-15");
        await Assertions.Expect(page.GetByTestId("prior-therapy")).ToContainTextAsync("ongoing");
        var saved = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{caseId}");
        var therapy = saved.GetProperty("tumor").GetProperty("priorTherapies")[0];
        Assert.Equal("SomatostatinAnalog", therapy.GetProperty("intervention").GetString());
        Assert.Equal("2025-01-15", therapy.GetProperty("start").GetString());
        // Which analog and dose: what an escalation is decided against.
        Assert.Equal("lanreotide 120 mg every 28 days", therapy.GetProperty("agent").GetString());
        await Assertions.Expect(page.GetByTestId("prior-therapy-agent-shown")).ToHaveTextAsync("lanreotide 120 mg every 28 days");
        await ScreenshotAsync(page, "prior-therapies", fullPage: false);

        await page.GetByTestId("prior-therapy-remove").ClickAsync();
        await Assertions.Expect(page.GetByTestId("prior-therapy")).ToHaveCountAsync(0);
        saved = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{caseId}");
        Assert.Equal(0, saved.GetProperty("tumor").GetProperty("priorTherapies").GetArrayLength());
    }
}
