using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Audit.Export;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Editing.Text;
using NetTumorBoard.Web.Demo;
using Task = System.Threading.Tasks.Task;

namespace NetTumorBoard.Tests.Audit;

/// <summary>History, time travel, the read-access log and the exports through the API.</summary>
public sealed class AuditApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task History_and_time_travel_give_exactly_the_state_at_each_version()
    {
        using var chair = await app.SignedInAsync();
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        var id = await chair.CreateCaseAsync(new { primarySite = "Pancreas", ki67Percent = 8 }, "Surgery or SSA?");
        var (v, _) = await chair.PutSectionOkAsync(id, "history", 1, "Incidental 1.8 cm pancreatic tail lesion.");
        (v, _) = await surgeon.PutSectionOkAsync(id, "history", v, "Incidental 1.8 cm pancreatic tail lesion, no symptoms. Chromogranin normal.");
        (await chair.PatchFieldsAsync(id, v, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 12 })).EnsureSuccessStatusCode();
        (v, _) = await chair.PutSectionOkAsync(id, "history", v + 1, "Incidental 2.1 cm pancreatic tail lesion, no symptoms. Chromogranin normal.");
        (await surgeon.PostAsJsonAsync($"/api/cases/{id}/comments", new { text = "Resection is reasonable above 2 cm." })).EnsureSuccessStatusCode();

        var history = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/history");
        var items = history.EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, items.Count).Select(i => (long)i), items.Select(i => i.GetProperty("version").GetInt64()));
        Assert.Equal("Dr. Sofia Surgeon", items[2].GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("Surgery", items[2].GetProperty("actor").GetProperty("discipline").GetString());
        var field = items.Single(i => i.GetProperty("type").GetString() == "CaseFieldsEdited").GetProperty("diff").GetProperty("fields")[0];
        Assert.Equal(("tumor.ki67Percent", "8", "12"), (field.GetProperty("field").GetString(), field.GetProperty("before").GetString(), field.GetProperty("after").GetString()));

        // Replaying the history's own section diffs reproduces the text time travel shows at every version.
        var text = "";
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var item in items)
        {
            var version = item.GetProperty("version").GetInt64();
            if (item.GetProperty("diff") is { ValueKind: JsonValueKind.Object } diff && diff.GetProperty("section").GetString() == "history")
            {
                var shift = 0;
                foreach (var change in diff.GetProperty("changes").EnumerateArray())
                {
                    var at = change.GetProperty("at").GetInt32() + shift;
                    var changed = change.GetProperty("text").GetString()!;
                    if (change.GetProperty("kind").GetString() == "removed")
                    {
                        text = text.Remove(at, changed.Length);
                        shift -= changed.Length;
                    }
                    else
                    {
                        text = text.Insert(at, changed);
                        shift += changed.Length;
                    }
                }
            }
            var past = await chair.GetCaseAsync(id, $"?version={version}");
            Assert.Equal(version, past.GetProperty("version").GetInt64());
            var shown = past.GetProperty("sections").TryGetProperty("history", out var section) ? section.GetProperty("text").GetString() : "";
            Assert.Equal(text, shown);
            var replayed = await session.Events.AggregateStreamAsync<CaseDetails>(id, version);
            var ours = await NetTumorBoard.Web.Cases.Viewing.CaseSnapshots.AtVersionAsync(app.Services.GetRequiredService<IDocumentStore>(), session, id, version,
                TestContext.Current.CancellationToken);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(replayed)),
                System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ours))), $"version {version}");
            Assert.Equal(replayed!.Tumor.Ki67Percent, past.GetProperty("tumor").TryGetProperty("ki67Percent", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetDecimal() : null);
        }

        var onlyComments = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/history?type=CommentPosted");
        Assert.Single(onlyComments.EnumerateArray());
        await (await chair.GetAsync($"/api/cases/{id}/history?from=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reads_are_logged_for_api_time_travel_history_and_export_and_only_auditors_query_them()
    {
        using var chair = await app.SignedInAsync();
        using var auditor = await app.SignedInAsync("auditor@demo.local");
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        var id = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" }, "SSA?");
        await chair.GetCaseAsync(id);
        await chair.GetCaseAsync(id, "?version=1");
        await chair.GetStringAsync($"/api/cases/{id}/history");
        await chair.GetStringAsync($"/api/cases/{id}/export/json");
        await (await outsider.GetAsync($"/api/cases/{id}/history")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await (await chair.GetAsync($"/api/audit/access?caseId={id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var log = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/access?caseId={id}");
        var kinds = log.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("Api", kinds);
        Assert.Contains("TimeTravel", kinds);
        Assert.Contains("History", kinds);
        Assert.Contains("Export", kinds);
        Assert.All(log.EnumerateArray(), e => Assert.Equal("Dr. Clara Chair", e.GetProperty("userName").GetString()));

        // Auditors read any board's history, read-only.
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/cases/{id}/history")).StatusCode);
        await (await auditor.PutAsJsonAsync($"/api/cases/{id}/sections/history", new { baseVersion = 1, text = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var rewrite = new Npgsql.NpgsqlCommand("delete from ntb.ntb_access_log", connection);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => rewrite.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText);
    }

    [Fact]
    public async Task The_fhir_bundle_parses_and_every_reference_resolves()
    {
        using var chair = await app.SignedInAsync();
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        var id = await chair.CreateCaseAsync(new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM?", "FHIR-1");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{id}/proposals", new { intervention = "Captem", additionalInterventions = new[] { "SomatostatinAnalog" },
            description = "CAPTEM with lanreotide", offGuidelineRationale = "Combination per local protocol" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PutAsJsonAsync($"/api/cases/{id}/proposals/{proposalId}/votes/me", new { choice = "Support" })).EnsureSuccessStatusCode();
        (await surgeon.PutAsJsonAsync($"/api/cases/{id}/proposals/{proposalId}/votes/me", new { choice = "Oppose", comment = "Resect first" })).EnsureSuccessStatusCode();
        (await chair.PostAsJsonAsync($"/api/cases/{id}/decision", new
        {
            proposalId, rationale = "Bulky disease", concordance = new { status = "Deviation", reason = "Combination" }, quorumOverrideReason = "Test",
        })).EnsureSuccessStatusCode();
        await chair.GetCaseAsync(id);

        var response = await chair.GetAsync($"/api/cases/{id}/export/fhir");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = System.Text.Json.JsonSerializer.Deserialize<Bundle>(await response.Content.ReadAsStringAsync(), FhirExport.Json)!;
        var urls = bundle.Entry.Select(e => e.FullUrl).ToHashSet();
        // Every reference in the parsed bundle (serialized back by the SDK) points at an entry of the bundle.
        using var reparsed = JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(bundle, FhirExport.Json));
        var references = References(reparsed.RootElement).ToList();
        Assert.True(references.Count >= 10, $"{references.Count} references");
        Assert.All(references, r => Assert.Contains(r, urls));

        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.NotNull(patient.Identifier);
        Assert.Empty(patient.Name);
        Assert.Equal("FHIR-1", patient.Identifier[0].Value);
        var plan = bundle.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        Assert.Equal(RequestStatus.Active, plan.Status);
        Assert.Equal(["Captem", "SomatostatinAnalog"], plan.Activity.Select(a => a.Detail!.Code!.Coding[0].Code));
        Assert.Contains(plan.Note, n => n.Text!.Contains("Resect first"));
        // What it was decided without travels with it: the quorum override and the incomplete work-up (no SSTR imaging, stage, progression, ECOG).
        Assert.Contains(plan.Note, n => n.Text!.StartsWith("Quorum not met") && n.Text.EndsWith("decided because: Test"));
        Assert.Contains(plan.Note, n => n.Text!.StartsWith("Work-up incomplete when decided: No SSTR imaging") && n.Text.Contains("ECOG performance status is missing."));
        Assert.Equal(3, bundle.Entry.Select(e => e.Resource).OfType<Provenance>().Count());
        Assert.NotEmpty(bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>());
    }

    private static IEnumerable<string> References(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "reference" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    foreach (var inner in References(property.Value))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in References(item))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }
}
