using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Cases;

public sealed class LifecycleApiTests(TestApp app) : IClassFixture<TestApp>
{
    private static async Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid id, string status) =>
        await client.PostAsJsonAsync($"/api/cases/{id}/status", new { status });

    [Fact]
    public async Task A_case_moves_through_the_lifecycle_with_the_right_people()
    {
        using var member = await app.SignedInAsync("surgeon@demo.local");
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await member.CreateCaseAsync();

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(member, id, "ReadyForReview")).StatusCode);
        await (await MoveAsync(member, id, "InDiscussion")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(coordinator, id, "InDiscussion")).StatusCode);
        await (await MoveAsync(coordinator, id, "Decided")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await MoveAsync(chair, id, "FollowUp")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(chair, id, "Decided")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(coordinator, id, "FollowUp")).StatusCode);
        Assert.Equal("FollowUp", (await chair.GetCaseAsync(id)).GetProperty("status").GetString());
        var listed = await chair.GetFromJsonAsync<JsonElement>("/api/cases?status=FollowUp");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_decided_patient_discussed_again_gets_a_linked_case_with_the_earlier_facts()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var first = await chair.CreateCaseAsync(new { primarySite = "Lung", histology = "AtypicalCarcinoid", resected = true }, "Adjuvant therapy?");
        await (await chair.PostAsJsonAsync($"/api/cases/{first}/rediscussions", new { question = "Too early" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        foreach (var status in new[] { "ReadyForReview", "InDiscussion", "Decided" })
        {
            Assert.Equal(HttpStatusCode.OK, (await MoveAsync(chair, first, status)).StatusCode);
        }

        var response = await chair.PostAsJsonAsync($"/api/cases/{first}/rediscussions", new { question = "Mediastinal recurrence at 18 months: options?" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var body = await chair.GetCaseAsync(second);
        Assert.Equal(first, body.GetProperty("previousCaseId").GetGuid());
        Assert.Equal("AtypicalCarcinoid", body.GetProperty("tumor").GetProperty("histology").GetString());
        Assert.Equal("Mediastinal recurrence at 18 months: options?", body.GetProperty("question").GetString());
        Assert.Equal("Draft", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_names_what_a_NET_board_still_needs()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync(new
        {
            primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 8, stageGroup = "IV",
            sstrImaging = new { modality = "Ga68Dotatate", positive = true, date = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-8)).ToString("yyyy-MM-dd") },
        }, question: null);
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/readiness");
        Assert.False(report.GetProperty("ready").GetBoolean());
        var missing = report.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("field").GetString()).ToList();
        Assert.Equal(["tumor.sstrImaging.date", "tumor.progression.status", "tumor.ecog", "question"], missing);

        await (await client.PatchFieldsAsync(id, 1, new Dictionary<string, object?>
        {
            ["tumor.sstrImaging.date"] = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1)).ToString("yyyy-MM-dd"),
            ["tumor.progression.status"] = "Progressive", ["tumor.ecog"] = 1, ["question"] = "CAPTEM or PRRT?",
        })).VersionAsync();
        Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/readiness")).GetProperty("ready").GetBoolean());
    }
}
