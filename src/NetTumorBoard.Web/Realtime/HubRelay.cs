using Microsoft.AspNetCore.SignalR;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Realtime;

/// <summary>Forwards committed changes from the feed (every instance's commits) to the hub's groups on this instance.</summary>
internal sealed class HubRelay(
    ChangeFeed feed, IHubContext<BoardHub> hub, UserDirectory users, PresenceRegistry presence, Marten.IDocumentStore store,
    HubConnections connections, MembershipCache memberships) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(RelayAsync, retry: false); // a repeat would send its messages twice
        return Task.CompletedTask;
    }

    private async Task RelayAsync(ChangeNotice notice)
    {
        if (notice.IsResync)
        {
            await hub.Clients.All.SendAsync("Resync");
            return;
        }
        if (notice.Stream == PresenceRegistry.StreamKind)
        {
            // Presence keys are case ids, or meeting ids for those following a meeting.
            var participants = await presence.ParticipantsAsync(notice.StreamId);
            await hub.Clients.Group(BoardHub.CaseGroup(notice.StreamId)).SendAsync("PresenceChanged", new PresenceChangedMessage(notice.StreamId, participants));
            await SendMeetingStateAsync(notice.StreamId, participants);
            return;
        }
        if (notice.EventTypes.Contains(nameof(Boards.BoardMemberRolesSet)) || notice.EventTypes.Contains(nameof(Boards.BoardMemberRemoved)))
        {
            memberships.ForgetAll(); // perhaps changed on another instance: read afresh here too
            if (notice.EventTypes.Contains(nameof(Boards.BoardMemberRemoved)))
            {
                await EvictRemovedMembersAsync(notice.BoardId ?? notice.StreamId); // a board's stream id is the board's id
            }
            return;
        }
        if (notice.Stream == "meeting")
        {
            await SendMeetingStateAsync(notice.StreamId, null);
            return;
        }
        if (notice.Stream != "case")
        {
            return;
        }
        var actor = notice.ActorId is { } id && await users.FindAsync(id) is { } card
            ? new ActorView(card.UserId, card.Name, card.Discipline)
            : null;
        await hub.Clients.Group(BoardHub.CaseGroup(notice.StreamId))
            .SendAsync("CaseChanged", new CaseChangedMessage(notice.StreamId, notice.Version, notice.EventTypes, actor));
        if (notice.EventTypes.Contains(nameof(Cases.VoteCast)))
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<Cases.CaseDetails>(notice.StreamId) is { } details)
            {
                foreach (var proposal in details.Proposals)
                {
                    var tally = proposal.Tally;
                    await hub.Clients.Group(BoardHub.CaseGroup(notice.StreamId)).SendAsync("VoteTallyChanged",
                        new VoteTallyChangedMessage(notice.StreamId, proposal.Id, tally.Support, tally.Oppose, tally.Abstain, details.Version));
                }
            }
        }
        if (notice.BoardId is { } boardId)
        {
            await hub.Clients.Group(BoardHub.BoardGroup(boardId))
                .SendAsync("CaseListChanged", new CaseListChangedMessage(boardId, notice.StreamId, notice.Version, notice.EventTypes));
        }
    }

    /// <summary>
    /// Someone was removed from a board (on any instance): every connection here whose user is no longer a member leaves
    /// that board's groups and presence at once, and is told so.
    /// </summary>
    private async Task EvictRemovedMembersAsync(Guid boardId)
    {
        foreach (var (connectionId, userId, groups) in connections.Following(boardId))
        {
            if ((await memberships.ForUserAsync(userId)).Any(m => m.BoardId == boardId))
            {
                continue;
            }
            foreach (var joined in groups)
            {
                await hub.Groups.RemoveFromGroupAsync(connectionId, joined.Group);
                connections.Leave(connectionId, joined.Group);
                if (joined.PresenceTarget is { } target)
                {
                    await presence.LeaveAsync(PresenceRegistry.Key(BoardHub.PresenceConnection(connectionId), target));
                }
            }
            await hub.Clients.Client(connectionId).SendAsync("BoardAccessRevoked", new BoardAccessRevokedMessage(boardId));
        }
    }

    private async Task SendMeetingStateAsync(Guid meetingId, IReadOnlyList<Participant>? online)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Meetings.Meeting>(meetingId) is not { } meeting)
        {
            return;
        }
        online ??= await presence.ParticipantsAsync(meetingId);
        var attendees = meeting.CheckIns.Select(c => new MeetingAttendeeMessage(c.UserId, c.Name, c.Discipline, c.Mode.ToString(), online.Any(o => o.UserId == c.UserId)))
            .Concat(online.Where(o => meeting.CheckIns.All(c => c.UserId != o.UserId)).Select(o => new MeetingAttendeeMessage(o.UserId, o.Name, o.Discipline, null, true)))
            .ToList();
        await hub.Clients.Group(BoardHub.MeetingGroup(meetingId)).SendAsync("MeetingStateChanged",
            new MeetingStateChangedMessage(meeting.Id, meeting.Status, meeting.CurrentCaseId, meeting.CurrentSince, meeting.StartedAt, attendees, meeting.Version));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
