using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Components;

/// <summary>
/// The decision card of a decision recorded through the API and read back from the real store: it names the open
/// question the decision answers (by its title, linked) and what the work-up lacked when the board decided.
/// </summary>
public sealed class DecisionCardTests(TestApp app) : IClassFixture<TestApp>, IAsyncDisposable
{
    private const string OpenQuestionId = "adjuvant-node-positive-atypical-lung-carcinoid";
    private readonly BunitContext _bunit = new();

    [Fact]
    public async Task Names_the_open_question_by_title_and_what_the_work_up_lacked()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Lung", histology = "AtypicalCarcinoid", mitosesPer2mm2 = 4 }, "Adjuvant therapy after resection, N2?");
        var details = await DecideAsync(chair, caseId,
            new { intervention = "Observation", description = "CT chest/abdomen every 6 months", offGuidelineRationale = "Guidelines split" },
            new { status = "OpenQuestion", openQuestionId = OpenQuestionId });
        var title = (await app.Services.GetRequiredService<NetTumorBoard.Web.Guidelines.GuidelineCatalog>().GetAsync()).Questions.Single(q => q.Id == OpenQuestionId).Title;

        var cut = Render(caseId, details);

        var question = cut.Find("[data-testid=decision-open-question] a");
        Assert.Equal(title, question.TextContent);
        Assert.Equal($"/guidelines/open-questions#q-{OpenQuestionId}", question.GetAttribute("href"));
        // Lung case with histology and mitoses: no SSTR imaging, stage, progression or ECOG when decided.
        Assert.Equal("Work-up incomplete when decided: No SSTR imaging (e.g. 68Ga-DOTATATE PET) with a date. Stage (TNM or stage group) is missing."
            + " Progression status is not recorded. ECOG performance status is missing.", cut.Find("[data-testid=decision-missing]").TextContent.Trim());
        // Nothing was linked to the plan: the card says so rather than leaving "open question" without a basis.
        Assert.Equal("Guideline basis: no guideline recommendation was linked to the plan", Squash(cut.Find("[data-testid=decision-rests-on]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=decision-recommendation]"));
    }

    /// <summary>A plan linked to an attached recommendation: the card names it as attached, with its review status.</summary>
    [Fact]
    public async Task Names_the_recommendation_the_plan_rests_on_as_attached_with_its_review_status()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Lung", histology = "AtypicalCarcinoid", tnm = new { t = "T2a", n = "N2", m = "M0" }, resected = true },
            "Adjuvant therapy?");
        var attached = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/recommendations", new { recommendationId = "lung-adjuvant-atypical-node-positive" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var details = await DecideAsync(chair, caseId,
            new { intervention = "Observation", description = "CT chest/abdomen every 6 months", recommendationIds = new[] { "lung-adjuvant-atypical-node-positive" } },
            new { status = "OpenQuestion", openQuestionId = OpenQuestionId });

        var cut = Render(caseId, details);
        var linked = Squash(Assert.Single(cut.FindAll("[data-testid=decision-recommendation]")).TextContent);
        Assert.StartsWith(attached.GetProperty("title").GetString()!, linked);
        Assert.Contains($"library version {attached.GetProperty("version").GetInt64()} as attached", linked);
        Assert.EndsWith("Draft – not verified", linked); // the reference's records are drafts: never shown as verified
        Assert.Contains("draft – not verified", DecisionWords.RestsOn(details.Decision!.Record)); // minutes and PDF say the same
        var registered = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions?boardId={NetTumorBoard.Web.Demo.DemoData.NetBoardId}");
        var basis = registered.EnumerateArray().Single(d => d.GetProperty("caseId").GetGuid() == caseId).GetProperty("guidelineBasis");
        Assert.Equal([$"{attached.GetProperty("title").GetString()} (draft – not verified)"], basis.EnumerateArray().Select(b => b.GetString())); // and the register
    }

    /// <summary>Closing a follow-up task is final: the card shows the task's state and asks for the outcome in a second step.</summary>
    [Fact]
    public async Task A_follow_up_task_shows_its_state_and_closes_only_through_a_second_step()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM?");
        var details = await DecideAsync(chair, caseId,
            new { intervention = "Captem", description = "CAPTEM for 6 cycles", offGuidelineRationale = "Not attached in this test" },
            new { status = "Deviation", reason = "Not attached" });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        FollowUpTaskView Task(string what, DateOnly due) => new(Guid.NewGuid(), details.Decision!.Id, what, Guid.NewGuid(), "Dr. Clara Chair", due, DateTimeOffset.UtcNow);

        var cut = Render(caseId, details, [Task("Book CT in 3 months", today.AddDays(90)), Task("Ask for MGMT", today.AddDays(-2))]);
        Assert.Equal(["Open", "Overdue"], cut.FindAll("[data-testid=task-state]").Select(c => c.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=task-close-choices]")); // no outcome button on the first screen
        cut.FindAll("[data-testid=task-close]")[0].Click();
        var choices = cut.Find("[data-testid=task-close-choices]");
        Assert.Contains("Implemented", choices.TextContent);
        Assert.Contains("Not done: patient preference", choices.TextContent);
        cut.Find("[data-testid=task-close-cancel]").Click();
        Assert.Empty(cut.FindAll("[data-testid=task-close-choices]"));
        Assert.Equal(2, cut.FindAll("[data-testid=task-close]").Count);
    }

    /// <summary>Proposes the plan and records it as the board's decision (quorum overridden), then reads the case back from the store.</summary>
    private async Task<CaseDetails> DecideAsync(HttpClient chair, Guid caseId, object proposal, object concordance)
    {
        var made = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals", proposal);
        made.EnsureSuccessStatusCode();
        var proposalId = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { proposalId, rationale = "Decided in the test", quorumOverrideReason = "Test", concordance }))
            .EnsureSuccessStatusCode();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<CaseDetails>(caseId))!;
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    private IRenderedComponent<DecisionCard> Render(Guid caseId, CaseDetails details, IReadOnlyList<FollowUpTaskView>? tasks = null)
    {
        if (!_bunit.Services.IsProviderInitialized)
        {
            _bunit.Services.AddMudServices();
            _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
            _bunit.Services.AddSingleton(app.Services.GetRequiredService<IDocumentStore>());
            _bunit.Services.AddSingleton(app.Services.GetRequiredService<MembershipCache>());
            _bunit.Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor, Microsoft.AspNetCore.Http.HttpContextAccessor>();
            _bunit.Services.AddScoped<CurrentUser>();
            _bunit.Services.AddScoped<NetTumorBoard.Web.Components.UnsavedWork>();
            _bunit.Services.AddSingleton(TimeProvider.System);
        }
        return _bunit.Render<DecisionCard>(p => p.Add(c => c.CaseId, caseId).Add(c => c.Decision, details.Decision!)
            .Add(c => c.Tasks, tasks ?? []).Add(c => c.CanEdit, tasks is not null));
    }

    /// <summary>
    /// Events and read models stored before this stop's fields existed, read back through Marten's own serializer: they
    /// show nothing about the work-up (never "complete"), name the open question by its id, and minutes keep working.
    /// </summary>
    [Fact]
    public async Task Decisions_stored_before_the_new_fields_read_as_not_recorded()
    {
        var serializer = app.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        T Old<T>(T value, params string[] drop)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(serializer.ToJson(value!))!;
            void Strip(System.Text.Json.Nodes.JsonNode? n)
            {
                if (n is System.Text.Json.Nodes.JsonObject o)
                {
                    foreach (var key in drop)
                    {
                        o.Remove(key);
                    }
                    foreach (var child in o.Select(p => p.Value).ToList())
                    {
                        Strip(child);
                    }
                }
            }
            Strip(node);
            Assert.DoesNotContain(drop, k => node.ToJsonString().Contains($"\"{k}\""));
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));
            return serializer.FromJson<T>(stream);
        }

        var record = new DecisionRecord
        {
            Intervention = Intervention.Observation, Plan = "CT every 6 months", QuorumMet = true,
            Concordance = new Concordance(ConcordanceStatus.OpenQuestion, null, "lung-adjuvant", "Adjuvant therapy?"),
            MissingAtDecision = [new("tumor.ecog", "ECOG performance status is missing.")],
        };
        var old = Old(new DecisionRecorded(Guid.NewGuid(), Guid.NewGuid(), record, Guid.NewGuid(), DateTimeOffset.UtcNow), "missingAtDecision", "openQuestionTitle");
        Assert.Null(old.Decision.MissingAtDecision);
        Assert.Null(DecisionWords.MissingAtDecision(old.Decision));
        Assert.Equal("Open question (lung-adjuvant)", DecisionWords.Concordance(old.Decision.Concordance));
        Assert.DoesNotContain("Work-up", NetTumorBoard.Web.Audit.History.CaseHistorySlice.Summarize(old));

        var entry = Old(NetTumorBoard.Web.Decisions.Register.DecisionRegisterProjection.Create(new DecisionRecorded(Guid.NewGuid(), Guid.NewGuid(),
            record with { AdditionalInterventions = [Intervention.SomatostatinAnalog] }, Guid.NewGuid(), DateTimeOffset.UtcNow)), "workUpMissing", "additionalInterventions", "guidelineBasis");
        Assert.Null(entry.WorkUpMissing);
        Assert.Null(entry.GuidelineBasis); // not "none linked": it was not kept then
        Assert.Empty(entry.AdditionalInterventions);
        Assert.EndsWith(",not recorded,", NetTumorBoard.Web.Decisions.Register.DecisionRegisterSlice.Csv([entry]).TrimEnd());

        var item = Old(new NetTumorBoard.Web.Meetings.MinutesItem(1, Guid.NewGuid(), "OLD-1", "Lung", "Adjuvant?", NetTumorBoard.Web.Meetings.Triage.Discuss, 5, 4.2,
            "Observation", "Open question (lung-adjuvant)", "3 for", [], null, "ECOG performance status is missing.", "not met"), "workUpMissing", "quorumOverride");
        Assert.Null(item.WorkUpMissing);
        Assert.Null(item.QuorumOverride);
        Assert.DoesNotContain("Work-up incomplete", NetTumorBoard.Web.Meetings.Minutes.MinutesHtml.Render(new NetTumorBoard.Web.Meetings.MeetingMinutes(
            "NET board", "Week 48", DateTimeOffset.UtcNow, null, null, null, null, [], [item], DateTimeOffset.UtcNow, "Cora"), preview: false));
    }

    public async ValueTask DisposeAsync() => await _bunit.DisposeAsync();
}
