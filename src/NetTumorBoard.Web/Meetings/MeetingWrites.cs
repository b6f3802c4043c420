using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Meetings;

/// <summary>
/// Who may do what with meetings: coordinators plan them (schedule, change, set the agenda); the chair and coordinators
/// run them (start, move to a case, end, check others in, record the minutes).
/// </summary>
public static class MeetingRoles
{
    public static bool CanPlan(IReadOnlyCollection<BoardRole> roles) => roles.Contains(BoardRole.Coordinator);

    public static void RequirePlanner(IReadOnlyCollection<BoardRole> roles, string what)
    {
        if (!CanPlan(roles))
        {
            throw CommandRejected.Forbidden($"Only a coordinator of the board {what}.");
        }
    }

    public static bool CanRun(IReadOnlyCollection<BoardRole> roles) => roles.Contains(BoardRole.Chair) || roles.Contains(BoardRole.Coordinator);

    public static void RequireRunner(IReadOnlyCollection<BoardRole> roles, string what)
    {
        if (!CanRun(roles))
        {
            throw CommandRejected.Forbidden($"Only the chair or a coordinator {what}.");
        }
    }
}

/// <summary>
/// The one way commands change a meeting: load it for writing at its current version, decide, append with that
/// expected version; a concurrent commit repeats the attempt on the new state.
/// </summary>
public static class MeetingWrites
{
    private const int Attempts = 5;

    public static async Task<T> RunAsync<T>(
        IDocumentStore store, CurrentUser user, Guid meetingId,
        Func<IDocumentSession, Meeting, BoardMembership, Actor, Task<(IReadOnlyList<object> Events, Func<long, T> Result)>> decide,
        CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.OpenSession(actor);
            var stream = await session.Events.FetchForWriting<Meeting>(meetingId, ct);
            var state = stream.Aggregate ?? throw CommandRejected.NotFound("Meeting");
            var membership = await user.RequireMemberAsync(state.BoardId, "Meeting", ct);
            var version = stream.CurrentVersion ?? state.Version;
            IReadOnlyList<object> events;
            Func<long, T> result;
            try
            {
                (events, result) = await decide(session, state with { Version = version }, membership, actor);
            }
            catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.Conflict)
            {
                throw rejected.WithCurrentVersion(version);
            }
            if (events.Count == 0)
            {
                return result(version);
            }
            stream.AppendMany(events);
            try
            {
                await session.SaveChangesAsync(ct);
                return result(version + events.Count);
            }
            catch (Exception e) when (CaseWrites.IsConcurrencyConflict(e) && attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }
}
