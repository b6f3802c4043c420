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
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "Observation", description = "CT chest/abdomen every 6 months", offGuidelineRationale = "Guidelines split" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new
        {
            proposalId, rationale = "No survival benefit shown", quorumOverrideReason = "Test",
            concordance = new { status = "OpenQuestion", openQuestionId = OpenQuestionId },
        })).EnsureSuccessStatusCode();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var details = (await session.LoadAsync<CaseDetails>(caseId))!;
        var title = (await app.Services.GetRequiredService<NetTumorBoard.Web.Guidelines.GuidelineCatalog>().GetAsync()).Questions.Single(q => q.Id == OpenQuestionId).Title;

        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<IDocumentStore>());
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<MembershipCache>());
        _bunit.Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor, Microsoft.AspNetCore.Http.HttpContextAccessor>();
        _bunit.Services.AddScoped<CurrentUser>();
        _bunit.Services.AddScoped<NetTumorBoard.Web.Components.UnsavedWork>();
        _bunit.Services.AddSingleton(TimeProvider.System);
        var cut = _bunit.Render<DecisionCard>(p => p.Add(c => c.CaseId, caseId).Add(c => c.Decision, details.Decision!));

        var question = cut.Find("[data-testid=decision-open-question] a");
        Assert.Equal(title, question.TextContent);
        Assert.Equal($"/guidelines/open-questions#q-{OpenQuestionId}", question.GetAttribute("href"));
        // Lung case with histology and mitoses: no SSTR imaging, stage, progression or ECOG when decided.
        Assert.Equal("Work-up incomplete when decided: No SSTR imaging (e.g. 68Ga-DOTATATE PET) with a date. Stage (TNM or stage group) is missing."
            + " Progression status is not recorded. ECOG performance status is missing.", cut.Find("[data-testid=decision-missing]").TextContent.Trim());
    }

    public async ValueTask DisposeAsync() => await _bunit.DisposeAsync();
}
