using JasperFx.Events;
using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases;

/// <summary>
/// The one way commands change a case: load it for writing at its current version, let a pure decision produce
/// events, append them with that expected version. If someone else committed in between, the whole attempt is
/// repeated on the new state, so the decision is always made on what it will be appended after.
/// </summary>
public static class CaseWrites
{
    private const int Attempts = 8;

    /// <summary>Raised after a command committed events to a case (the section fast path forgets its copy).</summary>
    public static event Action<Guid>? Committed;

    public static async Task<T> RunAsync<T>(
        IDocumentStore store, CurrentUser user, Guid caseId, bool requireContributor,
        Func<IDocumentSession, CaseDetails, Actor, Task<(IReadOnlyList<object> Events, Func<long, T> Result)>> decide,
        CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        // Writers to one case on this instance take turns, so they do not fail each other's expected version;
        // writers on other instances still can, and are retried below.
        using var turn = await CaseTurns.AcquireAsync(caseId, ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.OpenSession(actor);
            var stream = await session.Events.FetchForWriting<CaseDetails>(caseId, ct);
            var state = stream.Aggregate ?? throw CommandRejected.NotFound("Case");
            if (requireContributor)
            {
                await user.RequireContributorOfCaseAsync(state.BoardId, ct);
            }
            else
            {
                await user.RequireMemberAsync(state.BoardId, "Case", ct);
            }
            var version = stream.CurrentVersion ?? state.Version;
            IReadOnlyList<object> events;
            Func<long, T> result;
            try
            {
                (events, result) = await decide(session, state with { Version = version }, actor);
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
                Committed?.Invoke(caseId);
                return result(version + events.Count);
            }
            catch (Exception e) when (IsConcurrencyConflict(e) && attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    /// <summary>Another writer got there first (wrong expected stream version, or a document version clash).</summary>
    public static bool IsConcurrencyConflict(Exception e) =>
        e is EventStreamUnexpectedMaxEventIdException
        || e.GetType().Name == "ConcurrencyException"
        || (e.InnerException is { } inner && IsConcurrencyConflict(inner));

    internal static async Task RequireContributorOfCaseAsync(this CurrentUser user, Guid boardId, CancellationToken ct)
    {
        var membership = await user.RequireMemberAsync(boardId, "Case", ct);
        if (!membership.CanContribute())
        {
            throw CommandRejected.Forbidden("Observers can read this case but not change it.");
        }
    }
}

/// <summary>
/// Writers to one case on this instance take turns, so they do not fail each other's expected version; writers on
/// other instances still can, and are retried.
/// </summary>
internal static class CaseTurns
{
    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private static readonly Dictionary<Guid, Entry> Entries = [];
    private static readonly Lock Sync = new();

    public static async Task<IDisposable> AcquireAsync(Guid caseId, CancellationToken ct)
    {
        Entry entry;
        lock (Sync)
        {
            if (!Entries.TryGetValue(caseId, out entry!))
            {
                Entries[caseId] = entry = new Entry();
            }
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(caseId, entry);
            throw;
        }
        return new Turn(() =>
        {
            entry.Gate.Release();
            Leave(caseId, entry);
        });
    }

    private static void Leave(Guid caseId, Entry entry)
    {
        lock (Sync)
        {
            if (--entry.Users == 0)
            {
                Entries.Remove(caseId);
            }
        }
    }

    private sealed class Turn(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }
}
