using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings.Attendance;

public sealed record CheckInRequest(AttendanceMode? Mode, Guid? UserId);

/// <summary>Manual check-in, in the room or remote: by the member, or by the chair/coordinator for a member.</summary>
public static class CheckInSlice
{
    public static AttendeeCheckedIn? Decide(Meeting meeting, CheckInRequest request, IReadOnlyCollection<BoardRole> roles, IReadOnlyList<BoardMemberView> members,
        Actor actor, DateTimeOffset now)
    {
        if (meeting.Status == MeetingStatus.Ended)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The meeting has ended; attendance is part of the record.");
        }
        var who = request.UserId ?? actor.UserId;
        if (who != actor.UserId)
        {
            MeetingRoles.RequireRunner(roles, "checks in someone else");
        }
        var errors = new FieldErrors();
        errors.Check(request.Mode is not null, "mode", "Say whether you attend in the room (InRoom) or remotely (Remote).");
        var member = members.FirstOrDefault(m => m.UserId == who);
        errors.Check(member is not null, "userId", "Choose a member of this board.");
        errors.ThrowIfAny();
        if (meeting.CheckIns.Any(c => c.UserId == who && c.Mode == request.Mode))
        {
            return null;
        }
        return new AttendeeCheckedIn(meeting.Id, meeting.BoardId, who, member!.Name, member.Discipline, request.Mode!.Value, actor.UserId, now);
    }

    public static Task<long> HandleAsync(Guid id, CheckInRequest request, CurrentUser user, IDocumentStore store, IDbContextFactory<IdentityDb> identityDb,
        TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, id, async (_, meeting, membership, actor) =>
        {
            var members = (await BoardMembers.OfAsync(identityDb, [meeting.BoardId], ct)).Select(m => m.Member).ToList();
            var checkedIn = Decide(meeting, request, membership.Roles, members, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = checkedIn is null ? [] : [checkedIn];
            return (events, (Func<long, long>)(v => v));
        }, ct);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings/{id:guid}/check-ins", async (Guid id, CheckInRequest request, CurrentUser user, IDocumentStore store,
                IDbContextFactory<IdentityDb> identityDb, TimeProvider clock, CancellationToken ct) =>
                new { version = await HandleAsync(id, request, user, store, identityDb, clock, ct) })
            .WithName("CheckIn")
            .WithSummary("Check in to the meeting, in the room or remote (the chair or a coordinator may check in a member).");
}
