using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Realtime;

public sealed record ActorView(Guid UserId, string Name, Discipline Discipline);

public sealed record CaseChangedMessage(Guid CaseId, long Version, IReadOnlyList<string> EventTypes, ActorView? Actor);

public sealed record CaseListChangedMessage(Guid BoardId, Guid CaseId, long Version, IReadOnlyList<string> EventTypes);

/// <summary>
/// The realtime surface at /hubs/board (contract in docs). Joining checks board membership; unknown or foreign
/// ids get the same "not found" so the hub reveals nothing. Messages arrive through <see cref="HubRelay"/>.
/// </summary>
[Authorize]
public sealed class BoardHub(CurrentUser user, IQuerySession session) : Hub
{
    public static string CaseGroup(Guid caseId) => $"case:{caseId}";
    public static string BoardGroup(Guid boardId) => $"board:{boardId}";

    public async Task JoinCase(Guid caseId)
    {
        var summary = await session.LoadAsync<CaseSummary>(caseId);
        if (summary is null || await user.MembershipAsync(summary.BoardId) is null)
        {
            throw new HubException("Case not found.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, CaseGroup(caseId));
    }

    public Task LeaveCase(Guid caseId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, CaseGroup(caseId));

    /// <summary>Follow a board's case list: CaseListChanged for every case created or changed on it.</summary>
    public async Task JoinBoard(Guid boardId)
    {
        if (await user.MembershipAsync(boardId) is null)
        {
            throw new HubException("Board not found.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, BoardGroup(boardId));
    }

    public Task LeaveBoard(Guid boardId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, BoardGroup(boardId));
}
