using Marten;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings.Live;

public sealed record CurrentCaseRequest(Guid? CaseId);

/// <summary>Starting the meeting, moving the case under discussion (everyone following moves with it), ending it.</summary>
public static class RunMeetingSlice
{
    public static IReadOnlyList<object> DecideStart(Meeting meeting, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequireRunner(roles, "starts the meeting");
        if (meeting.Status == MeetingStatus.Live)
        {
            return [];
        }
        if (meeting.Status == MeetingStatus.Ended)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The meeting has ended.");
        }
        var first = meeting.Agenda.FirstOrDefault(i => i.Triage == Triage.Discuss) ?? meeting.Agenda.FirstOrDefault();
        return first is null
            ? [new MeetingStarted(meeting.Id, meeting.BoardId, actor.UserId, now)]
            : [new MeetingStarted(meeting.Id, meeting.BoardId, actor.UserId, now), new CurrentCaseChanged(meeting.Id, meeting.BoardId, first.CaseId, actor.UserId, now)];
    }

    public static CurrentCaseChanged? DecideMove(Meeting meeting, CurrentCaseRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequireRunner(roles, "moves the meeting to a case");
        if (meeting.Status != MeetingStatus.Live)
        {
            throw new CommandRejected(RejectionKind.Conflict, meeting.Status == MeetingStatus.Ended ? "The meeting has ended." : "Start the meeting first.");
        }
        var errors = new FieldErrors();
        errors.Check(request.CaseId is not null, "caseId", "Choose a case.");
        errors.Check(request.CaseId is null || meeting.Agenda.Any(i => i.CaseId == request.CaseId), "caseId", "This case is not on the agenda.");
        errors.ThrowIfAny();
        return request.CaseId == meeting.CurrentCaseId ? null : new CurrentCaseChanged(meeting.Id, meeting.BoardId, request.CaseId!.Value, actor.UserId, now);
    }

    /// <summary>The next (or previous) agenda case after the current one.</summary>
    public static Guid? Step(Meeting meeting, int by)
    {
        var index = meeting.Agenda.ToList().FindIndex(i => i.CaseId == meeting.CurrentCaseId);
        var next = index + by;
        return next >= 0 && next < meeting.Agenda.Count ? meeting.Agenda[next].CaseId : null;
    }

    public static MeetingEnded? DecideEnd(Meeting meeting, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequireRunner(roles, "ends the meeting");
        return meeting.Status switch
        {
            MeetingStatus.Ended => null,
            MeetingStatus.Scheduled => throw new CommandRejected(RejectionKind.Conflict, "The meeting has not started."),
            _ => new MeetingEnded(meeting.Id, meeting.BoardId, actor.UserId, now),
        };
    }

    public static Task<long> StartAsync(Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, id, (_, meeting, membership, actor) =>
            Task.FromResult((DecideStart(meeting, membership.Roles, actor, clock.GetUtcNow()), (Func<long, long>)(v => v))), ct);

    public static Task<long> MoveAsync(Guid id, CurrentCaseRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, id, (_, meeting, membership, actor) =>
        {
            var moved = DecideMove(meeting, request, membership.Roles, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = moved is null ? [] : [moved];
            return Task.FromResult((events, (Func<long, long>)(v => v)));
        }, ct);

    public static Task<long> EndAsync(Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, id, (_, meeting, membership, actor) =>
        {
            var ended = DecideEnd(meeting, membership.Roles, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = ended is null ? [] : [ended];
            return Task.FromResult((events, (Func<long, long>)(v => v)));
        }, ct);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/meetings/{id:guid}/start", async (Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await StartAsync(id, user, store, clock, ct) })
            .WithName("StartMeeting")
            .WithSummary("Start the meeting (chair or coordinator); the first case to discuss becomes current.");
        api.MapPost("/meetings/{id:guid}/current-case", async (Guid id, CurrentCaseRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await MoveAsync(id, request, user, store, clock, ct) })
            .WithName("SetCurrentCase")
            .WithSummary("Move the meeting to an agenda case (chair or coordinator); everyone following the meeting moves with it.");
        api.MapPost("/meetings/{id:guid}/end", async (Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await EndAsync(id, user, store, clock, ct) })
            .WithName("EndMeeting")
            .WithSummary("End the meeting (chair or coordinator).");
    }
}
