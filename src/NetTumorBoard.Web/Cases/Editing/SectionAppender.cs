using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases.Editing;

/// <summary>
/// The write path of the most frequent command, a typing burst in a section: one SQL statement, no session.
/// Marten's own path (<see cref="CaseWrites"/>) costs three round trips — fetch the case, send the batch, commit —
/// plus its session machinery. Here the case as this instance last wrote it is kept in memory; the edit is merged on
/// it and written by <see cref="SectionCommits"/> with the version it was decided on: the stream row, the event row
/// and the CaseDetails document exactly as Marten writes them, and the change-feed notification, all or nothing.
/// A stale memory (another instance or another command wrote) makes that statement write nothing; then the case is
/// read again and the merge redone — so nothing is ever appended on a state it was not decided on. Concurrent edits
/// of different cases share a commit (group commit). The stored rows are exactly Marten's (tests compare them).
/// </summary>
public sealed class SectionAppender : IDisposable
{
    private const int Attempts = 8;
    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _db;
    private readonly MemoryCache _cases = new(new MemoryCacheOptions { SizeLimit = 2_000 });
    private readonly SectionCommits _commits;

    public SectionAppender(IDocumentStore store, DatabaseEndpoint database)
    {
        _store = store;
        // Its statements change no session state (the ledger setting is transaction-local), so a connection going back
        // to the pool needs no reset — which Npgsql would otherwise send ahead of the next edit, seven statements long.
        // Its connections wait at most SectionCommits.LockWait for a row lock (set once per connection).
        _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            NoResetOnClose = true,
            ApplicationName = "ntb-section-edits",
            Options = $"-c lock_timeout={(int)SectionCommits.LockWait.TotalMilliseconds}",
        }.ConnectionString);
        // Names as Marten stores them (SectionAppenderTests compares the rows with ones Marten wrote).
        _commits = new SectionCommits(_db)
        {
            EventType = typeof(SectionEdited).GetEventTypeName(((Marten.Events.EventGraph)((StoreOptions)store.Options).Events).EventNamingStyle),
            EventDotnetType = $"{typeof(SectionEdited).FullName}, {typeof(SectionEdited).Assembly.GetName().Name}",
            DocumentDotnetType = typeof(CaseDetails).FullName!,
        };
        CaseWrites.Committed += Forget;
    }

    /// <summary>Merges a burst into the section as it is now and appends it; returns the new version and the merged text.</summary>
    public async Task<EditSectionResponse> EditAsync(
        Guid caseId, string key, EditSectionRequest request, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        using var turn = await CaseTurns.AcquireAsync(caseId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var cached = Cached(caseId);
            var remembered = cached is not null && request.BaseVersion <= cached.Version;
            var state = remembered ? cached! : await LoadAsync(caseId, ct);
            // Access before validation, as everywhere: a non-member learns nothing, not even what is invalid.
            await user.RequireContributorOfCaseAsync(state.BoardId, ct);
            EditSectionSlice.Validate(key, request);
            var baseVersion = request.BaseVersion!.Value;
            var baseText = await EditSectionSlice.BaseTextAsync(_store, state, key, Math.Min(baseVersion, state.Version), ct);
            SectionEdited? edited;
            string merged;
            try
            {
                (edited, merged) = EditSectionSlice.Decide(state, key, baseText, request.Text!, baseVersion, actor, clock.GetUtcNow());
            }
            catch (Platform.Http.CommandRejected) when (remembered)
            {
                _cases.Remove(caseId); // refuse only on what is really stored, not on memory another instance may have outdated
                continue;
            }
            if (edited is null)
            {
                if (remembered)
                {
                    _cases.Remove(caseId); // "nothing changes" is an answer about the stored text: confirm it there
                    continue;
                }
                return new EditSectionResponse(state.Version, merged);
            }
            long? written;
            try
            {
                written = await AppendAsync(state, edited, actor);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
                                                  or PostgresErrorCodes.SerializationFailure)
            {
                written = null;
            }
            if (written is { } version)
            {
                return new EditSectionResponse(version, merged);
            }
            _cases.Remove(caseId); // someone else wrote: read the case again and merge on what is there now
            if (attempt >= Attempts)
            {
                throw new Platform.Http.CommandRejected(Platform.Http.RejectionKind.Conflict,
                    "Your text is not saved yet (it stays here): the case kept changing or was busy while saving. Save again in a moment.",
                    extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version });
            }
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
        }
    }

    /// <summary>Any other write to a case (through Marten) makes the memory of it stale.</summary>
    public void Forget(Guid caseId) => _cases.Remove(caseId);

    private CaseDetails? Cached(Guid caseId) => _cases.TryGetValue(caseId, out CaseDetails? state) ? state : null;

    private void Remember(CaseDetails state) =>
        _cases.Set(state.Id, state, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    private async Task<CaseDetails> LoadAsync(Guid caseId, CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        var state = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw Platform.Http.CommandRejected.NotFound("Case");
        Remember(state);
        return state;
    }

    /// <summary>The edit as <see cref="SectionCommits"/> writes it: the event, the case document after it, the notice.</summary>
    internal PendingSectionEdit Pending(CaseDetails state, SectionEdited edited, Actor actor, out CaseDetails next)
    {
        var version = state.Version + 1;
        var eventId = Guid.CreateVersion7();
        next = CaseReplay.Apply(state, [new Event<SectionEdited>(edited) { Version = version, Id = eventId, StreamId = state.Id }])!;
        var serializer = _store.Options.Serializer();
        return new PendingSectionEdit(state.Id, state.Version, eventId, serializer.ToJson(edited), actor.UserId.ToString(), serializer.ToJson(next),
            ChangeNotifier.Format(new ChangeNotice("case", state.Id, version, [nameof(SectionEdited)], state.BoardId, actor.UserId)));
    }

    internal SectionCommits Commits => _commits;

    /// <summary>The new version, or null when the case moved on since <paramref name="state"/> (nothing written).</summary>
    private async Task<long?> AppendAsync(CaseDetails state, SectionEdited edited, Actor actor)
    {
        var pending = Pending(state, edited, actor, out var next);
        if (!await _commits.WriteAsync(pending))
        {
            return null;
        }
        Remember(next);
        return pending.ExpectedVersion + 1;
    }

    public void Dispose()
    {
        CaseWrites.Committed -= Forget;
        _cases.Dispose();
        _db.Dispose();
    }
}
