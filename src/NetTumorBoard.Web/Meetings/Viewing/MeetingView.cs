using Marten;
using Microsoft.Extensions.Options;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Decisions.Register;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Meetings.Viewing;

public sealed record AgendaEntryView(
    int Position, Guid CaseId, string Pseudonym, string Summary, string? Question, CaseStatus Status, int Minutes, Triage Triage,
    bool Ready, IReadOnlyList<string> Missing, double SpentMinutes, string? Decision);

/// <summary>Who attends: checked in (room or remote) and/or online now (following the meeting in the app).</summary>
public sealed record AttendeeView(Guid UserId, string Name, Discipline Discipline, AttendanceMode? Mode, bool Online);

public sealed record MeetingView(
    Guid Id, Guid BoardId, string BoardName, string Title, DateTimeOffset StartsAt, int DurationMinutes, string? Location, string? VideoLink,
    MeetingStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, Guid? CurrentCaseId, DateTimeOffset? CurrentSince,
    IReadOnlyList<AgendaEntryView> Agenda, IReadOnlyList<AttendeeView> Attendees, bool MinutesRecorded, long Version, bool CanRun,
    CurrentQuorum? Quorum = null, bool CanPlan = false, bool IsMember = true, long AgendaVersion = 0, AttendanceMode? MyAttendance = null)
{
    public AgendaEntryView? Current => Agenda.FirstOrDefault(a => a.CaseId == CurrentCaseId);
    public int PlannedMinutes => Agenda.Sum(a => a.Minutes);
}

/// <summary>
/// The quorum for the case under discussion: by the votes on its leading proposal, or, before anyone proposed a
/// plan, by who attends (whether the disciplines the board needs are in the meeting at all).
/// </summary>
public sealed record CurrentQuorum(string Basis, QuorumStatus Status);

public sealed record MeetingListItem(Guid Id, Guid BoardId, string BoardName, string Title, DateTimeOffset StartsAt, int DurationMinutes, string? Location,
    MeetingStatus Status, int Cases);

/// <summary>The meeting as its screens and the API show it: the agenda with each case's readiness and outcome, and attendance.</summary>
public static class ViewMeetingSlice
{
    public static async Task<MeetingView> LoadAsync(Guid id, CurrentUser user, IQuerySession session, PresenceRegistry presence, TimeProvider clock,
        ReadinessOptions readiness, CancellationToken ct)
    {
        var meeting = await session.LoadAsync<Meeting>(id, ct) ?? throw CommandRejected.NotFound("Meeting");
        // Auditors read meetings of every board (read-only); members read their own boards' meetings.
        var membership = await user.RequireReaderAsync(meeting.BoardId, "Meeting", ct);
        var board = await session.LoadAsync<Board>(meeting.BoardId, ct);
        var ids = meeting.Agenda.Select(a => a.CaseId).ToList();
        var cases = (await session.Query<CaseSummary>().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).ToDictionary(c => c.Id);
        var decisions = (await session.Query<DecisionEntry>().Where(d => ids.Contains(d.CaseId)).ToListAsync(ct))
            .Where(d => !d.Retracted).GroupBy(d => d.CaseId).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.DecidedAt).First());
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var agenda = meeting.Agenda.Select((item, i) =>
        {
            var c = cases.GetValueOrDefault(item.CaseId);
            var report = c is null ? null : ReadinessCheck.Evaluate(c.Content, today, readiness);
            var spent = meeting.SecondsPerCase.GetValueOrDefault(item.CaseId)
                + (meeting.CurrentCaseId == item.CaseId && meeting.CurrentSince is { } since ? (clock.GetUtcNow() - since).TotalSeconds : 0);
            var decision = decisions.GetValueOrDefault(item.CaseId);
            return new AgendaEntryView(i + 1, item.CaseId, c?.Pseudonym ?? "(case)", c is null ? "" : CaseFormat.SiteAndClassification(c.Tumor.PrimarySite, c.Tumor.Histology, c.Tumor.WhoGrade, c.Tumor.Ki67Percent),
                c?.Question, c?.Status ?? CaseStatus.Draft, item.Minutes, item.Triage, report?.Ready ?? false, report?.Missing.Select(m => m.Reason).ToList() ?? [],
                Math.Round(spent / 60, 3), decision is null ? null : CaseFormat.Plan(decision.Intervention, decision.AdditionalInterventions, decision.Plan));
        }).ToList();
        var online = await presence.ParticipantsAsync(meeting.Id, ct);
        var me = (await user.ActorAsync()).UserId;
        var attendees = meeting.CheckIns.Select(c => new AttendeeView(c.UserId, c.Name, c.Discipline, c.Mode, online.Any(o => o.UserId == c.UserId)))
            .Concat(online.Where(o => meeting.CheckIns.All(c => c.UserId != o.UserId)).Select(o => new AttendeeView(o.UserId, o.Name, o.Discipline, null, true)))
            .OrderBy(a => a.Discipline).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        CurrentQuorum? quorum = null;
        if (board is not null && meeting.CurrentCaseId is { } current && await session.LoadAsync<CaseDetails>(current, ct) is { } details)
        {
            var leading = details.Proposals.Where(p => !p.Withdrawn).OrderByDescending(p => p.Votes.Count).FirstOrDefault();
            quorum = leading is { Votes.Count: > 0 }
                ? new CurrentQuorum("votes", Quorum.Evaluate(board, leading.Votes))
                : new CurrentQuorum("present", Quorum.Evaluate(board, attendees
                    .Where(a => online.FirstOrDefault(o => o.UserId == a.UserId)?.Capacity is null) // observers and auditors cannot vote: they cover no discipline
                    .Select(a => new Voting.VoteView(a.UserId, a.Name, a.Discipline, Voting.VoteChoice.Abstain, null, false, meeting.StartsAt)).ToList()));
        }
        return new MeetingView(meeting.Id, meeting.BoardId, board?.Name ?? "Board", meeting.Title, meeting.StartsAt, meeting.DurationMinutes, meeting.Location,
            meeting.VideoLink, meeting.Status, meeting.StartedAt, meeting.EndedAt, meeting.CurrentCaseId, meeting.CurrentSince, agenda, attendees,
            meeting.Minutes is not null, meeting.Version, membership is not null && MeetingRoles.CanRun(membership.Roles), quorum,
            membership is not null && MeetingRoles.CanPlan(membership.Roles), membership is not null, meeting.AgendaVersion,
            meeting.CheckIns.FirstOrDefault(c => c.UserId == me)?.Mode);
    }

    public static async Task<IReadOnlyList<MeetingListItem>> ListAsync(Guid? boardId, CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var boards = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        if (await user.IsInRoleAsync(GlobalRoles.Auditor))
        {
            // Auditors read every board's meetings (read-only).
            boards = [.. boards.Union(await session.Query<Board>().Select(b => b.Id).ToListAsync(ct))];
        }
        if (boardId is { } only)
        {
            await user.RequireReaderAsync(only, "Board", ct);
            boards = [only];
        }
        var meetings = await session.Query<Meeting>().Where(m => m.BoardId.IsOneOf(boards)).OrderByDescending(m => m.StartsAt).Take(200).ToListAsync(ct);
        var names = (await session.Query<Board>().Where(b => b.Id.IsOneOf(boards)).ToListAsync(ct)).ToDictionary(b => b.Id, b => b.Name);
        return meetings.Select(m => new MeetingListItem(m.Id, m.BoardId, names.GetValueOrDefault(m.BoardId, "Board"), m.Title, m.StartsAt, m.DurationMinutes,
            m.Location, m.Status, m.Agenda.Count)).ToList();
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/meetings/{id:guid}", (Guid id, CurrentUser user, IQuerySession session, PresenceRegistry presence, TimeProvider clock,
                IOptions<ReadinessOptions> readiness, CancellationToken ct) => LoadAsync(id, user, session, presence, clock, readiness.Value, ct))
            .WithName("GetMeeting")
            .WithSummary("The meeting: schedule, agenda with each case's readiness and decision, current case, attendance.");
        api.MapGet("/meetings", (Guid? boardId, CurrentUser user, IQuerySession session, CancellationToken ct) => ListAsync(boardId, user, session, ct))
            .WithName("ListMeetings")
            .WithSummary("Meetings of the caller's boards, latest first (?boardId= for one board).");
        api.MapGet("/boards/{boardId:guid}/meetings", (Guid boardId, CurrentUser user, IQuerySession session, CancellationToken ct) => ListAsync(boardId, user, session, ct))
            .WithName("ListBoardMeetings")
            .WithSummary("Meetings of one board, latest first.");
    }
}
