using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Realtime;

/// <summary>Membership is checked when a hub connection joins; removal from the board must end what it joined.</summary>
public sealed class HubAccessTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>
    /// A member removed from the board (through instance A) while connected to instance B: B takes the connection out of
    /// the board's case and case-list groups and out of presence, tells it so, and refuses a new join — while a
    /// remaining member on B still receives the case's changes. Before, the removed member went on receiving every
    /// change of the case and stayed "present" (counted as an attendee of a decision).
    /// </summary>
    [Fact]
    public async Task A_member_removed_from_the_board_on_one_instance_stops_receiving_its_changes_on_another_at_once()
    {
        var (userId, email) = await NewMemberAsync();
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });

        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        await using var removed = await HubClient.ConnectAsync(second.BaseAddress, await app.TokenAsync(email));
        await using var staying = await HubClient.ConnectAsync(second.BaseAddress, await app.TokenAsync("pathologist@demo.local"));
        await removed.Connection.InvokeAsync("JoinBoard", DemoData.NetBoardId);
        await removed.Connection.InvokeAsync("JoinCase", caseId);
        await staying.Connection.InvokeAsync("JoinCase", caseId);
        await staying.WaitForAsync("PresenceChanged", m => Present(m, userId));

        (await coordinator.DeleteAsync($"/api/boards/{DemoData.NetBoardId}/members/{userId}")).EnsureSuccessStatusCode();

        var revoked = await removed.WaitForAsync("BoardAccessRevoked", _ => true);
        Assert.Equal(DemoData.NetBoardId, revoked.GetProperty("boardId").GetGuid());
        await staying.WaitForAsync("PresenceChanged", m => !Present(m, userId));

        var edited = await chair.PutAsJsonAsync($"/api/cases/{caseId}/sections/history", new { baseVersion = 1, text = "After the removal." });
        edited.EnsureSuccessStatusCode();
        var version = (await edited.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("version").GetInt64();
        await staying.WaitForAsync("CaseChanged", m => m.GetProperty("version").GetInt64() == version);
        await Task.Delay(500); // had it been sent to the removed member too, it would have arrived by now
        Assert.False(removed.HasReceived("CaseChanged", m => m.GetProperty("version").GetInt64() == version));
        Assert.False(removed.HasReceived("CaseListChanged", m => m.GetProperty("version").GetInt64() == version));

        var again = await Assert.ThrowsAsync<HubException>(() => removed.Connection.InvokeAsync("JoinCase", caseId));
        Assert.Contains("not found", again.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Present(System.Text.Json.JsonElement message, Guid userId) =>
        message.GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("userId").GetGuid() == userId);

    private async Task<(Guid Id, string Email)> NewMemberAsync()
    {
        var (id, email) = await app.NewUserAsync("Dr. Hub Member", Discipline.Radiology, "hub");
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{id}", new { roles = new[] { "Member" } })).EnsureSuccessStatusCode();
        return (id, email);
    }
}
