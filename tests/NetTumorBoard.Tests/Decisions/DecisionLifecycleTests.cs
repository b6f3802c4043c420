using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Decisions;

/// <summary>The app with a clock the test can move forward, so follow-up tasks can fall overdue.</summary>
public sealed class ClockedTestApp(TestCluster cluster) : TestApp(cluster)
{
    public MovableClock Clock { get; } = new();

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// A decision's life after the meeting, through the API on a real port: it links to the open question it settles,
/// is amended and retracted only by new events, and its follow-up tasks fall overdue and close with a reason.
/// </summary>
public sealed class DecisionLifecycleTests(ClockedTestApp app) : IClassFixture<ClockedTestApp>
{
    private const string OpenQuestionId = "adjuvant-node-positive-atypical-lung-carcinoid";

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>
    /// A plan proposed before its guideline was attached is linked to it afterwards (by its proposer or the chair): its
    /// votes stand, it is no longer off-guideline, and the decision rests on the recommendation; bad links change nothing.
    /// </summary>
    [Fact]
    public async Task A_proposal_is_linked_to_a_recommendation_attached_after_it_and_the_decision_follows_it()
    {
        using var chair = await app.SignedInAsync();
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        var (caseId, proposalId) = await ProposalAsync(chair);
        (await surgeon.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Support" })).EnsureSuccessStatusCode();
        const string Recommendation = "lung-adjuvant-atypical-node-positive";
        var url = $"/api/cases/{caseId}/proposals/{proposalId}/recommendations";

        var notAttached = await (await chair.PostAsJsonAsync(url, new { recommendationIds = new[] { Recommendation } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["recommendationIds"], notAttached.ErrorFields());
        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/recommendations", new { recommendationId = Recommendation })).EnsureSuccessStatusCode();
        var before = (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64();
        await (await surgeon.PostAsJsonAsync(url, new { recommendationIds = new[] { Recommendation } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden); // not hers
        var empty = await (await chair.PostAsJsonAsync(url, new { recommendationIds = Array.Empty<string>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["recommendationIds"], empty.ErrorFields());
        Assert.Equal(before, (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64()); // nothing written by the refusals

        (await chair.PostAsJsonAsync(url, new { recommendationIds = new[] { Recommendation } })).EnsureSuccessStatusCode();
        var proposal = (await chair.GetCaseAsync(caseId)).GetProperty("proposals").EnumerateArray().Single();
        Assert.Equal([Recommendation], proposal.GetProperty("recommendationIds").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, proposal.GetProperty("offGuidelineRationale").ValueKind);
        Assert.Single(proposal.GetProperty("votes").EnumerateArray()); // the plan is unchanged: its vote stands

        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new
        {
            proposalId, rationale = "No survival benefit shown", quorumOverrideReason = "Test", concordance = new { status = "OpenQuestion", openQuestionId = OpenQuestionId },
        })).EnsureSuccessStatusCode();
        var recorded = (await chair.GetCaseAsync(caseId)).GetProperty("decision").GetProperty("record");
        Assert.Equal(Recommendation, recorded.GetProperty("recommendations")[0].GetProperty("recommendationId").GetString());
        await (await chair.PostAsJsonAsync(url, new { recommendationIds = new[] { Recommendation } })).ShouldBeProblemAsync(HttpStatusCode.Conflict); // decided
    }

    private async Task<(Guid CaseId, Guid ProposalId)> ProposalAsync(HttpClient chair)
    {
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Lung", histology = "AtypicalCarcinoid" }, "Adjuvant therapy after resection, N2?");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "Observation", description = "Observe: CT chest/abdomen every 6 months", offGuidelineRationale = "Guidelines split on adjuvant therapy (open question)" });
        Assert.Equal(HttpStatusCode.Created, proposal.StatusCode);
        return (caseId, (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid());
    }

    [Fact]
    public async Task A_decision_on_an_open_question_is_amended_and_retracted_only_by_new_events()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var (caseId, proposalId) = await ProposalAsync(chair);
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        (await surgeon.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Oppose", comment = "I would give adjuvant EP" })).EnsureSuccessStatusCode();
        var unknown = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new
        {
            proposalId, rationale = "x", quorumOverrideReason = "x", concordance = new { status = "OpenQuestion", openQuestionId = "no-such-question" },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["concordance.openQuestionId"], unknown.ErrorFields());
        Assert.Null((await chair.GetCaseAsync(caseId)).GetProperty("decision").ValueKind == JsonValueKind.Null ? null : "decision recorded");

        var decided = await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new
        {
            proposalId, rationale = "No survival benefit shown for adjuvant therapy", quorumOverrideReason = "Pathology and nuclear medicine absent; urgent",
            concordance = new { status = "OpenQuestion", openQuestionId = OpenQuestionId },
        });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);

        var questions = await chair.GetFromJsonAsync<JsonElement>("/api/open-questions");
        var question = questions.EnumerateArray().Single(q => q.GetProperty("id").GetString() == OpenQuestionId);
        Assert.Contains(question.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("caseId").GetGuid() == caseId);
        // The record keeps the question's title as the library had it, and what the work-up lacked (a lung case with
        // only its site and histology: mitoses, SSTR imaging, stage, progression and ECOG).
        var recorded = (await chair.GetCaseAsync(caseId)).GetProperty("decision").GetProperty("record");
        Assert.Equal(question.GetProperty("title").GetString(), recorded.GetProperty("concordance").GetProperty("openQuestionTitle").GetString());
        Assert.Equal(["tumor.mitosesPer2mm2", "tumor.sstrImaging", "tumor.stageGroup", "tumor.progression.status", "tumor.ecog"],
            recorded.GetProperty("missingAtDecision").EnumerateArray().Select(m => m.GetProperty("field").GetString()));

        // Bad amendments are refused, naming the field, and change nothing.
        var before = (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64();
        var noReason = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision/amendments", new { rationale = "New rationale" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reason", noReason.ErrorFields());
        await (await surgeon.PostAsJsonAsync($"/api/cases/{caseId}/decision/amendments", new { reason = "x", rationale = "y" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64());

        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision/amendments",
            new { reason = "Pathology review: R1 margin", rationale = "Observation, with early re-discussion if margin-positive disease recurs" })).EnsureSuccessStatusCode();
        var decision = (await chair.GetCaseAsync(caseId)).GetProperty("decision");
        Assert.Equal("No survival benefit shown for adjuvant therapy", decision.GetProperty("record").GetProperty("rationale").GetString());
        var amendment = Assert.Single(decision.GetProperty("amendments").EnumerateArray());
        Assert.Equal("Pathology review: R1 margin", amendment.GetProperty("reason").GetString());
        Assert.Equal(await UserIdAsync("chair@demo.local"), amendment.GetProperty("by").GetGuid());
        Assert.Equal("Dr. Clara Chair", amendment.GetProperty("byName").GetString());
        Assert.StartsWith("Observation, with early", decision.GetProperty("currentRationale").GetString());
        var dissent = Assert.Single(decision.GetProperty("record").GetProperty("dissent").EnumerateArray());
        Assert.Equal("I would give adjuvant EP", dissent.GetProperty("comment").GetString());

        var noRetractionReason = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision/retraction", new { reason = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reason", noRetractionReason.ErrorFields());
        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision/retraction", new { reason = "Wrong patient record linked" })).EnsureSuccessStatusCode();
        decision = (await chair.GetCaseAsync(caseId)).GetProperty("decision");
        Assert.True(decision.GetProperty("retracted").GetBoolean());
        Assert.Equal("No survival benefit shown for adjuvant therapy", decision.GetProperty("record").GetProperty("rationale").GetString());
        questions = await chair.GetFromJsonAsync<JsonElement>("/api/open-questions");
        question = questions.EnumerateArray().Single(q => q.GetProperty("id").GetString() == OpenQuestionId);
        Assert.DoesNotContain(question.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("caseId").GetGuid() == caseId);
        var register = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions?concordance=OpenQuestion");
        Assert.True(register.EnumerateArray().Single(d => d.GetProperty("caseId").GetGuid() == caseId).GetProperty("retracted").GetBoolean());
        // The widest range there is (to the last day a date can name) was a 500.
        var everything = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions?concordance=OpenQuestion&from=0001-01-01&to=9999-12-31");
        Assert.Contains(everything.EnumerateArray(), d => d.GetProperty("caseId").GetGuid() == caseId);
    }

    [Fact]
    public async Task Follow_up_tasks_move_the_case_to_follow_up_fall_overdue_and_close_with_a_reason()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var (caseId, proposalId) = await ProposalAsync(chair);
        var owner = await UserIdAsync("oncologist@demo.local");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var decided = await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new
        {
            proposalId, rationale = "Observation", quorumOverrideReason = "Test quorum", concordance = new { status = "OpenQuestion", openQuestionId = OpenQuestionId },
            followUpTasks = new[] { new { description = "Book CT chest/abdomen in 6 months", ownerId = owner, dueDate = today.AddDays(7) } },
        });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        var body = await chair.GetCaseAsync(caseId);
        Assert.Equal("FollowUp", body.GetProperty("status").GetString());
        var taskId = Assert.Single(body.GetProperty("followUpTasks").EnumerateArray()).GetProperty("id").GetGuid();

        // A bad task is refused naming each field; nothing is added.
        var bad = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/follow-up-tasks", new { description = "", ownerId = Guid.NewGuid(), dueDate = today.AddDays(-1) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["description", "dueDate", "ownerId"], bad.ErrorFields().Order());
        Assert.Single((await chair.GetCaseAsync(caseId)).GetProperty("followUpTasks").EnumerateArray());

        var open = await chair.GetFromJsonAsync<JsonElement>("/api/follow-up-tasks");
        Assert.False(open.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == taskId).GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain((await chair.GetFromJsonAsync<JsonElement>("/api/follow-up-tasks?overdue=true")).EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);

        // A week and a day later (the tokens issued before have expired by then, so sign in again).
        app.Clock.Advance(TimeSpan.FromDays(8));
        using var later = await app.SignedInAgainAsync();
        chair.DefaultRequestHeaders.Authorization = later.DefaultRequestHeaders.Authorization;
        var overdue = await chair.GetFromJsonAsync<JsonElement>("/api/follow-up-tasks?overdue=true");
        var task = overdue.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == taskId);
        Assert.True(task.GetProperty("overdue").GetBoolean());
        Assert.Equal("Dr. Omar Oncologist", task.GetProperty("ownerName").GetString());

        var url = $"/api/cases/{caseId}/follow-up-tasks/{taskId}/completion";
        var noReason = await (await chair.PostAsJsonAsync(url, new { outcome = "NotImplemented" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reason", noReason.ErrorFields());
        var noNote = await (await chair.PostAsJsonAsync(url, new { outcome = "NotImplemented", reason = "Other" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("note", noNote.ErrorFields());
        (await chair.PostAsJsonAsync(url, new { outcome = "NotImplemented", reason = "PatientPreference", note = "Prefers imaging at home hospital" })).EnsureSuccessStatusCode();
        await (await chair.PostAsJsonAsync(url, new { outcome = "Implemented" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.DoesNotContain((await chair.GetFromJsonAsync<JsonElement>("/api/follow-up-tasks")).EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);
        var closed = Assert.Single((await chair.GetCaseAsync(caseId)).GetProperty("followUpTasks").EnumerateArray());
        Assert.Equal("NotImplemented", closed.GetProperty("outcome").GetString());
        Assert.Equal("PatientPreference", closed.GetProperty("reason").GetString());
    }

    /// <summary>Access comes first, as everywhere: a non-member learns nothing, not even that an open question id is unknown.</summary>
    [Fact]
    public async Task A_non_member_deciding_with_an_unknown_open_question_gets_not_found()
    {
        using var chair = await app.SignedInAsync();
        var (caseId, proposalId) = await ProposalAsync(chair);
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        var body = new { proposalId, rationale = "x", concordance = new { status = "OpenQuestion", openQuestionId = "no-such-question" } };
        await (await outsider.PostAsJsonAsync($"/api/cases/{caseId}/decision", body)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsJsonAsync($"/api/cases/{caseId}/decision/amendments", new { reason = "x", concordance = body.concordance }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // The chair, a member, is told what is wrong.
        Assert.Contains("concordance.openQuestionId", (await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", body))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
