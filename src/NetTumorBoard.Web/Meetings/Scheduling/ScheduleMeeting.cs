using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Meetings.Scheduling;

public sealed record ScheduleMeetingRequest(string? Title, DateTimeOffset? StartsAt, int? DurationMinutes, string? Location, string? VideoLink);

public sealed record MeetingCreated(Guid Id, long Version);

/// <summary>A board a meeting can be scheduled for (the schedule dialog's choice).</summary>
public sealed record BoardChoice(Guid Id, string Name);

/// <summary>Scheduling a board meeting (start, duration, room, video link) and changing it before it ends.</summary>
public static class ScheduleMeetingSlice
{
    public static MeetingScheduled Decide(Guid meetingId, Board board, ScheduleMeetingRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequirePlanner(roles, "schedules meetings");
        var (title, startsAt, minutes, location, link) = Validate(board, request, now);
        return new MeetingScheduled(meetingId, board.Id, title, startsAt, minutes, location, link, actor.UserId, now);
    }

    public static MeetingRescheduled? DecideChange(Meeting meeting, Board board, ScheduleMeetingRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequirePlanner(roles, "changes meetings");
        if (meeting.Status == MeetingStatus.Ended)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The meeting has ended; its details are part of the record.");
        }
        var (title, startsAt, minutes, location, link) = Validate(board, request, now, meeting.Status == MeetingStatus.Live ? meeting.StartsAt : null);
        if (title == meeting.Title && startsAt == meeting.StartsAt && minutes == meeting.DurationMinutes && location == meeting.Location && link == meeting.VideoLink)
        {
            return null;
        }
        return new MeetingRescheduled(meeting.Id, board.Id, title, startsAt, minutes, location, link, actor.UserId, now);
    }

    private static (string, DateTimeOffset, int, string?, string?) Validate(Board board, ScheduleMeetingRequest r, DateTimeOffset now, DateTimeOffset? fixedStart = null)
    {
        var errors = new FieldErrors();
        var title = string.IsNullOrWhiteSpace(r.Title) ? $"{board.Name} meeting" : r.Title.Trim();
        errors.Check(title.Length <= 120, "title", "Keep the title to 120 characters.");
        errors.Check(r.StartsAt is not null, "startsAt", "Give the start date and time (ISO 8601 with offset, e.g. 2026-12-03T16:00:00+01:00).");
        errors.Check(r.StartsAt is null || fixedStart is not null || r.StartsAt >= now.AddDays(-1), "startsAt", "A new meeting cannot start more than a day ago.");
        errors.Check(r.StartsAt is null || r.StartsAt <= now.AddYears(5), "startsAt", "Schedule a meeting within the next five years.");
        errors.Check(r.DurationMinutes is >= 15 and <= 480, "durationMinutes", "Give a duration from 15 to 480 minutes.");
        var location = string.IsNullOrWhiteSpace(r.Location) ? null : r.Location.Trim();
        errors.Check(location is null || location.Length <= 200, "location", "Keep the room to 200 characters.");
        var link = string.IsNullOrWhiteSpace(r.VideoLink) ? null : r.VideoLink.Trim();
        errors.Check(link is null || (link.Length <= 500 && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"),
            "videoLink", "Give the video link as a full http(s) address.");
        errors.ThrowIfAny();
        return (title, fixedStart ?? r.StartsAt!.Value, r.DurationMinutes!.Value, location, link);
    }

    public static async Task<MeetingCreated> HandleAsync(Guid boardId, ScheduleMeetingRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var membership = await user.RequireMemberAsync(boardId, ct: ct);
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        var board = await session.LoadAsync<Board>(boardId, ct) ?? throw CommandRejected.NotFound("Board");
        var id = Guid.CreateVersion7();
        session.Events.StartStream<Meeting>(id, Decide(id, board, request, membership.Roles, actor, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return new MeetingCreated(id, 1);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/boards/{boardId:guid}/meetings", async (Guid boardId, ScheduleMeetingRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(boardId, request, user, store, clock, ct);
                return TypedResults.Created($"/api/meetings/{created.Id}", created);
            })
            .WithName("ScheduleMeeting")
            .WithSummary("Schedule a meeting of the board (chair or coordinator).");
        api.MapPut("/meetings/{id:guid}", async (Guid id, ScheduleMeetingRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new
                {
                    version = await MeetingWrites.RunAsync(store, user, id, async (session, meeting, membership, actor) =>
                    {
                        var board = await session.LoadAsync<Board>(meeting.BoardId, ct) ?? throw CommandRejected.NotFound("Board");
                        var change = DecideChange(meeting, board, request, membership.Roles, actor, clock.GetUtcNow());
                        IReadOnlyList<object> events = change is null ? [] : [change];
                        return (events, (Func<long, long>)(v => v));
                    }, ct),
                })
            .WithName("ChangeMeeting")
            .WithSummary("Change the meeting's title, time, duration, room or video link (not after it ended; the start stays once live).");
    }
}
