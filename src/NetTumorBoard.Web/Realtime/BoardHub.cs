using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Realtime;

public sealed record ActorView(Guid UserId, string Name, Discipline Discipline);

public sealed record CaseChangedMessage(Guid CaseId, long Version, IReadOnlyList<string> EventTypes, ActorView? Actor);

public sealed record VoteTallyChangedMessage(Guid CaseId, Guid ProposalId, int Support, int Oppose, int Abstain, long Version);

public sealed record CaseListChangedMessage(Guid BoardId, Guid CaseId, long Version, IReadOnlyList<string> EventTypes);

public sealed record MeetingAttendeeMessage(Guid UserId, string Name, Discipline Discipline, string? Mode, bool Online);

/// <summary>Sent to a connection whose user was removed from the board: it no longer receives anything of that board.</summary>
public sealed record BoardAccessRevokedMessage(Guid BoardId);

public sealed record MeetingStateChangedMessage(
    Guid MeetingId, Meetings.MeetingStatus Status, Guid? CurrentCaseId, DateTimeOffset? CurrentSince, DateTimeOffset? StartedAt,
    IReadOnlyList<MeetingAttendeeMessage> Attendees, long Version);

/// <summary>
/// The realtime surface at /hubs/board (contract in docs). Joining checks board membership; unknown or foreign
/// ids get the same "not found" so the hub reveals nothing. Messages arrive through <see cref="HubRelay"/>.
/// </summary>
[Authorize]
public sealed class BoardHub(CurrentUser user, IQuerySession session, PresenceRegistry presence, UserDirectory users, HubConnections connections) : Hub
{
    public static string CaseGroup(Guid caseId) => $"case:{caseId}";
    public static string BoardGroup(Guid boardId) => $"board:{boardId}";
    public static string MeetingGroup(Guid meetingId) => $"meeting:{meetingId}";

    private string Connection => PresenceConnection(Context.ConnectionId);

    /// <summary>How a hub connection is named in presence keys.</summary>
    public static string PresenceConnection(string connectionId) => $"hub:{connectionId}";

    public async Task JoinCase(Guid caseId)
    {
        var details = await session.LoadAsync<CaseDetails>(caseId);
        await JoinAsync(details?.BoardId, CaseGroup(caseId), caseId, "Case not found.");
    }

    /// <summary>
    /// Joins a group of a board (with a presence entry when <paramref name="presenceTarget"/> is given). The connection is
    /// registered before membership is checked, and membership is checked again once everything is joined: a removal
    /// handled meanwhile (which takes out what is registered) cannot leave the connection in the group or present.
    /// </summary>
    private async Task JoinAsync(Guid? boardId, string group, Guid? presenceTarget, string notFound)
    {
        if (boardId is not { } board)
        {
            throw new HubException(notFound);
        }
        var actor = await user.ActorAsync();
        connections.Join(Context.ConnectionId, actor.UserId, new HubConnections.Joined(group, board, presenceTarget));
        if (await user.MembershipAsync(board) is not { } membership)
        {
            connections.Leave(Context.ConnectionId, group);
            throw new HubException(notFound);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        if (presenceTarget is { } target)
        {
            var card = await users.FindAsync(actor.UserId) ?? new UserCard(actor.UserId, actor.Name, actor.Discipline);
            await presence.JoinAsync(PresenceRegistry.Key(Connection, target), target, card, Capacities.Of(membership));
        }
        if (await user.MembershipAsync(board) is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
            connections.Leave(Context.ConnectionId, group);
            if (presenceTarget is { } joined)
            {
                await presence.LeaveAsync(PresenceRegistry.Key(Connection, joined));
            }
            throw new HubException(notFound);
        }
    }

    public async Task LeaveCase(Guid caseId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CaseGroup(caseId));
        connections.Leave(Context.ConnectionId, CaseGroup(caseId));
        await presence.LeaveAsync(PresenceRegistry.Key(Connection, caseId));
    }

    /// <summary>Tells the others which section this connection is typing in (null: none).</summary>
    public async Task SetEditing(Guid caseId, string? sectionKey)
    {
        var key = PresenceRegistry.Key(Connection, caseId);
        if (!presence.IsJoined(key))
        {
            throw new HubException("Join the case first.");
        }
        if (sectionKey is not null && !SectionKeys.IsKnown(sectionKey))
        {
            throw new HubException($"Unknown section '{sectionKey}'. Sections: {string.Join(", ", SectionKeys.All)}.");
        }
        if (sectionKey is not null)
        {
            // Observers read along but do not edit, so they cannot announce that they are typing either.
            var details = await session.LoadAsync<CaseDetails>(caseId);
            if (details is null || await user.MembershipAsync(details.BoardId) is not { } membership || !Boards.BoardAccess.CanContribute(membership))
            {
                throw new HubException("Observers can read this case but not edit it.");
            }
        }
        await presence.SetEditingAsync(key, sectionKey);
    }

    /// <summary>Follow a board's case list: CaseListChanged for every case created or changed on it.</summary>
    public async Task JoinBoard(Guid boardId) => await JoinAsync(boardId, BoardGroup(boardId), null, "Board not found.");

    public async Task LeaveBoard(Guid boardId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, BoardGroup(boardId));
        connections.Leave(Context.ConnectionId, BoardGroup(boardId));
    }

    /// <summary>Follow a meeting: MeetingStateChanged whenever it starts, moves to a case, ends or someone joins; counts as online attendance.</summary>
    public async Task JoinMeeting(Guid meetingId)
    {
        var meeting = await session.LoadAsync<Meetings.Meeting>(meetingId);
        await JoinAsync(meeting?.BoardId, MeetingGroup(meetingId), meetingId, "Meeting not found.");
    }

    public async Task LeaveMeeting(Guid meetingId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, MeetingGroup(meetingId));
        connections.Leave(Context.ConnectionId, MeetingGroup(meetingId));
        await presence.LeaveAsync(PresenceRegistry.Key(Connection, meetingId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(Context.ConnectionId);
        await presence.LeaveAllAsync(Connection);
        await base.OnDisconnectedAsync(exception);
    }
}
