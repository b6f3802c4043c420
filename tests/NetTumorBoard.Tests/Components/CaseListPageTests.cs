using System.Net.Http.Json;
using System.Security.Claims;
using Bunit;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Components;

/// <summary>The case list component wired to the running app's real store, identity database and change feed.</summary>
public sealed class CaseListPageTests(TestApp app) : IClassFixture<TestApp>, IAsyncDisposable
{
    private readonly BunitContext _bunit = new();

    private async Task<IRenderedComponent<CaseListPage>> RenderAsAsync(string email)
    {
        var users = app.Services.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<IDocumentStore>());
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<ChangeFeed>());
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<IdentityDb>>());
        _bunit.Services.AddSingleton(app.Services.GetRequiredService<MembershipCache>());
        _bunit.Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor, Microsoft.AspNetCore.Http.HttpContextAccessor>();
        _bunit.Services.AddScoped<CurrentUser>();
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddOptions();
        _bunit.AddAuthorization().SetAuthorized(email).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(Actor.NameClaim, user.DisplayName),
            new Claim(Actor.DisciplineClaim, user.Discipline.ToString()));
        _bunit.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return _bunit.Render<CaseListPage>();
    }

    [Fact]
    public async Task Lists_the_board_cases_and_shows_a_new_case_without_reload()
    {
        var cut = await RenderAsAsync("gastro@demo.local");
        cut.WaitForAssertion(() => Assert.Contains("PAN-2417", cut.Markup));
        Assert.NotEmpty(cut.FindAll("[data-testid=case-row]"));

        using var client = await app.SignedInAsync("chair@demo.local");
        var pseudonym = $"LIVE-{Guid.NewGuid():N}"[..11];
        (await client.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/cases", new { patient = new { pseudonym } })).EnsureSuccessStatusCode();

        cut.WaitForAssertion(() =>
        {
            var fresh = cut.FindAll("tr.case-row-fresh");
            Assert.Contains(fresh, row => row.TextContent.Contains(pseudonym));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_observer_sees_cases_but_no_new_case_button()
    {
        var cut = await RenderAsAsync("observer@demo.local");
        cut.WaitForAssertion(() => Assert.Contains("SIN-0388", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=new-case]"));
    }

    [Fact]
    public async Task A_decided_case_shows_no_readiness_while_a_draft_shows_what_is_missing()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var draft = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Next?", $"RDY-{Guid.NewGuid():N}"[..10]);
        var decided = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Next?", $"DEC-{Guid.NewGuid():N}"[..10]);
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{decided}/proposals", new { intervention = "Captem", description = "CAPTEM x 6", offGuidelineRationale = "Not attached in this test" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PostAsJsonAsync($"/api/cases/{decided}/decision",
            new { proposalId, rationale = "Test", concordance = new { status = "Concordant" }, quorumOverrideReason = "Test" })).EnsureSuccessStatusCode();

        var cut = await RenderAsAsync("chair@demo.local");

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("missing", cut.Find($"[data-testid=case-row][data-case-id='{draft}']").TextContent);
            Assert.Empty(cut.Find($"[data-testid=case-row][data-case-id='{decided}']").QuerySelectorAll("[data-testid=readiness-chip]"));
        }, TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync() => _bunit.DisposeAsync();
}
