using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Boards;

/// <summary>A coordinator manages the board's members through the API; access follows at once; the board keeps a chair.</summary>
public sealed class MembershipApiTests(TestApp app) : IClassFixture<TestApp>
{
    private Task<(Guid Id, string Email)> NewUserAsync() => app.NewUserAsync("Dr. New Endocrinologist", Discipline.Endocrinology);

    [Fact]
    public async Task A_coordinator_adds_changes_and_removes_a_member_and_access_follows_at_once()
    {
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        using var chair = await app.SignedInAsync();
        var (userId, email) = await NewUserAsync();
        using var newcomer = await app.SignedInAsync(email);
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        await (await newcomer.GetAsync($"/api/cases/{caseId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var candidates = await coordinator.GetFromJsonAsync<JsonElement>($"/api/boards/{DemoData.NetBoardId}/candidates?q=new endo");
        Assert.Contains(candidates.EnumerateArray(), c => c.GetProperty("userId").GetGuid() == userId);

        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Member" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync($"/api/cases/{caseId}")).StatusCode);
        var members = await chair.GetFromJsonAsync<JsonElement>($"/api/boards/{DemoData.NetBoardId}/members");
        var added = members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == userId);
        Assert.Equal("Endocrinology", added.GetProperty("discipline").GetString());
        Assert.Equal(email.Split('@')[0], added.GetProperty("handle").GetString());

        (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Observer" } })).EnsureSuccessStatusCode();
        await (await newcomer.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "Hello" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await coordinator.DeleteAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}")).EnsureSuccessStatusCode();
        await (await newcomer.GetAsync($"/api/cases/{caseId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = (await session.Events.FetchStreamAsync(DemoData.NetBoardId)).Select(e => e.Data).ToList();
        Assert.Equal(2, events.OfType<BoardMemberRolesSet>().Count(e => e.UserId == userId));
        Assert.Single(events.OfType<BoardMemberRemoved>(), e => e.UserId == userId);
    }

    [Fact]
    public async Task Only_coordinators_manage_bad_roles_are_named_and_the_last_chair_stays()
    {
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        var (userId, _) = await NewUserAsync();
        await (await surgeon.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Member" } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Member" } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var empty = await (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = Array.Empty<string>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["roles"], empty.ErrorFields());
        var mixed = await (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Observer", "Chair" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["roles"], mixed.ErrorFields());
        var unknownRole = await (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}", new { roles = new[] { "Boss" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(unknownRole.ErrorFields(), f => f.StartsWith("roles", StringComparison.Ordinal));
        var noUser = await (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{Guid.NewGuid()}", new { roles = new[] { "Member" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["userId"], noUser.ErrorFields());

        await using var scope = app.Services.CreateAsyncScope();
        var chairId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("chair@demo.local"))!.Id;
        await (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{chairId}", new { roles = new[] { "Member" } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.DeleteAsync($"/api/boards/{DemoData.NetBoardId}/members/{chairId}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        using var chair = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync($"/api/boards/{DemoData.NetBoardId}/members")).StatusCode);
    }
}
