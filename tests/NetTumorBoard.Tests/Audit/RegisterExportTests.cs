using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Audit;

/// <summary>The decision register's filters, figures and CSV export.</summary>
public sealed class RegisterExportTests(TestApp app) : IClassFixture<TestApp>
{
    private static async Task DecideAsync(HttpClient chair, string pseudonym, string intervention, string plan, object concordance)
    {
        var id = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Next?", pseudonym);
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{id}/proposals", new { intervention, description = plan, offGuidelineRationale = "Not attached in this test" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PostAsJsonAsync($"/api/cases/{id}/decision", new { proposalId, rationale = "Test", concordance, quorumOverrideReason = "Test" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_register_filters_counts_and_exports_csv_safely()
    {
        using var chair = await app.SignedInAsync();
        await DecideAsync(chair, "REG-1", "Captem", "CAPTEM x 6", new { status = "Concordant" });
        await DecideAsync(chair, "REG-2", "PrrtLu177", "=HYPERLINK(\"http://evil\")", new { status = "Deviation", reason = "Patient preference" });

        var prrt = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions?boardId={DemoData.NetBoardId}&intervention=PrrtLu177");
        Assert.Equal(["REG-2"], prrt.EnumerateArray().Select(d => d.GetProperty("pseudonym").GetString()));
        var bad = await (await chair.GetAsync("/api/decisions?intervention=Magic")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["intervention"], bad.ErrorFields());

        var stats = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions/stats?boardId={DemoData.NetBoardId}");
        Assert.True(stats.GetProperty("decisions").GetInt32() >= 2);
        Assert.Contains(stats.GetProperty("deviationReasons").EnumerateArray(), r => r.GetProperty("reason").GetString() == "Patient preference");
        Assert.True(stats.GetProperty("medianDaysToDecision").GetDouble() >= 0);

        var csv = await chair.GetAsync("/api/decisions?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("decided_at,case_id,patient,site,intervention,plan,concordance", lines[0]);
        var reg2 = lines.Single(l => l.Contains("REG-2"));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", reg2);
        Assert.Contains(",Deviation,Patient preference,", reg2);
        // The cases had only their site: what the work-up lacked, as field names, in the last column — and counted.
        Assert.EndsWith(",tumor.whoGrade;tumor.ki67Percent;tumor.sstrImaging;tumor.stageGroup;tumor.progression.status;tumor.ecog,none linked", reg2);
        Assert.EndsWith(",work_up_missing,guideline_basis", lines[0]); // what "deviates" was measured against: here, nothing linked
        Assert.Empty(prrt.EnumerateArray().Single().GetProperty("guidelineBasis").EnumerateArray());
        Assert.True(stats.GetProperty("incompleteWorkUp").GetInt32() >= 2);
        var entry = prrt.EnumerateArray().Single();
        Assert.Equal("tumor.whoGrade", entry.GetProperty("workUpMissing")[0].GetProperty("field").GetString());
    }

    [Fact]
    public void A_decision_from_before_the_work_up_was_kept_reads_not_recorded_never_complete()
    {
        var at = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        NetTumorBoard.Web.Decisions.Register.DecisionEntry Entry(string pseudonym, IReadOnlyList<NetTumorBoard.Web.Cases.Readiness.MissingItem>? missing) =>
            new() { Id = Guid.NewGuid(), CaseId = Guid.NewGuid(), Pseudonym = pseudonym, DecidedAt = at, WorkUpMissing = missing };
        var entries = new[] { Entry("OLD", null), Entry("FULL", []), Entry("GAPS", [new("tumor.ecog", "ECOG performance status is missing.")]) };

        var lines = NetTumorBoard.Web.Decisions.Register.DecisionRegisterSlice.Csv(entries).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",not recorded,", lines.Single(l => l.Contains("OLD"))); // nor the guideline basis (empty: not known)
        Assert.EndsWith(",none,", lines.Single(l => l.Contains("FULL")));
        Assert.EndsWith(",tumor.ecog,", lines.Single(l => l.Contains("GAPS")));
        var stats = NetTumorBoard.Web.Decisions.Register.RegisterStats.Of(entries);
        Assert.Equal((1, 2), (stats.IncompleteWorkUp, stats.WorkUpRecorded));
    }
}
