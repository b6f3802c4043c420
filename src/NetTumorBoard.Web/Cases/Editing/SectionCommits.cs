using Npgsql;
using NpgsqlTypes;
using NetTumorBoard.Web.Audit.Ledger;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases.Editing;

/// <summary>One decided section edit waiting to be written: the event, the case document after it, the notice.</summary>
internal sealed record PendingSectionEdit(
    Guid CaseId, long ExpectedVersion, Guid EventId, string EventJson, string UserName, string DocumentJson, string Notice)
{
    public TaskCompletionSource<bool> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit for section edits. Each edit is one SQL statement that appends the event only if the stream is still at
/// the version the edit was decided on (Marten's stream row, the event row and its ledger hash — written by the
/// statement itself, with the trigger's definition, instead of a PL/pgSQL trigger call — and the case document), and
/// queues the change-feed notice from the same statement, so the notice exists if and only if the event does. The
/// first edit to arrive while nothing is being written goes out at once, alone; edits that arrive while a
/// write is in flight are written together in the next transaction (one commit, one WAL flush, one pass through
/// PostgreSQL's notification lock for all of them). A stale edit in a batch is skipped by its own statement and
/// reported as not written (its writer re-reads and merges again); an edit whose statement fails makes the batch be
/// written again edit by edit, so only that one gets the error; a case held by another transaction longer than
/// <see cref="LockWait"/> is reported as not written. Statements run in case order, so two instances' batches lock
/// stream rows in the same order and cannot deadlock on each other.
/// </summary>
internal sealed class SectionCommits(NpgsqlDataSource db)
{
    /// <summary>At most this many edits share one transaction.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// How long a batch waits for a case's stream row that some other transaction holds. Batches go out one at a time,
    /// so a long wait would hold up every section edit on this instance: past this, the batch is refused, its edits are
    /// tried one by one, and the one whose case is locked is answered "not written" (its writer re-reads and retries).
    /// </summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMilliseconds(250);
    private const string Tenant = "*DEFAULT*";
    private static readonly string S = MartenSetup.Schema;

    private static readonly string Sql = $"""
        with s as (
            update {S}.mt_streams set version = version + 1, timestamp = now()
            where id = $1 and version = $2 and not is_archived and tenant_id = '{Tenant}'
            returning id, version, set_config('{LedgerSchema.InlineSetting}', 'on', true) as inline),
        e as (
            insert into {S}.mt_events (seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, user_name)
            select nextval('{S}.mt_events_sequence'), $3, s.id, s.version, $4, null, $5, '{Tenant}', (now() at time zone 'utc'), $6, false, $7 from s
            returning seq_id, stream_id, version, type, timestamp, data),
        h as (
            insert into {S}.ntb_event_hashes (seq_id, stream_id, version, hash, prev_hash)
            select e.seq_id, e.stream_id, e.version, {LedgerSchema.Hash("p.prev", "e.stream_id", "e.version", "e.type", "e.timestamp", "e.data")}, p.prev
            from e cross join lateral (select coalesce((select x.hash from {S}.ntb_event_hashes x where x.stream_id = e.stream_id and x.version = e.version - 1),
                                                       {LedgerSchema.Genesis}) as prev) p
            on conflict (seq_id) do nothing -- a trigger from before the flag (app started before `migrate`) wrote the same hash
            returning seq_id),
        d as (
            update {S}.mt_doc_casedetails doc set data = $8, mt_version = e.version, mt_dotnet_type = $9, mt_last_modified = transaction_timestamp()
            from e where doc.id = e.stream_id
            returning doc.id)
        select e.version, pg_notify('{ChangeNotifier.Channel}', $10) from e
        """;

    private readonly Lock _gate = new();
    private readonly List<PendingSectionEdit> _waiting = [];
    private bool _writing;

    public required string EventType { get; init; }
    public required string EventDotnetType { get; init; }
    public required string DocumentDotnetType { get; init; }

    /// <summary>True when the edit was committed; false when its case moved on meanwhile (nothing was written).</summary>
    public Task<bool> WriteAsync(PendingSectionEdit edit)
    {
        lock (_gate)
        {
            if (_writing)
            {
                _waiting.Add(edit);
                return edit.Written.Task;
            }
            _writing = true;
        }
        return WriteAloneAsync(edit);
    }

    private async Task<bool> WriteAloneAsync(PendingSectionEdit edit)
    {
        try
        {
            await ExecuteAsync([edit]);
        }
        finally
        {
            HandOver();
        }
        return await edit.Written.Task;
    }

    /// <summary>Whoever finishes a write starts the next one with everything that queued up meanwhile, or stops.</summary>
    private void HandOver()
    {
        List<PendingSectionEdit> next;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _writing = false;
                return;
            }
            var take = Math.Min(_waiting.Count, MaxBatch);
            next = _waiting.GetRange(0, take);
            _waiting.RemoveRange(0, take);
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(next);
            }
            finally
            {
                HandOver();
            }
        });
    }

    /// <summary>Writes these edits (of different cases) in one transaction; each one's task says whether it was written.</summary>
    internal async Task WriteTogetherAsync(IReadOnlyList<PendingSectionEdit> edits)
    {
        await ExecuteAsync([.. edits]);
    }

    private async Task ExecuteAsync(List<PendingSectionEdit> edits)
    {
        try
        {
            edits.Sort((a, b) => a.CaseId.CompareTo(b.CaseId));
            var written = new bool[edits.Count];
            await using (var batch = db.CreateBatch())
            {
                foreach (var edit in edits)
                {
                    batch.BatchCommands.Add(Command(edit));
                }
                // One implicit transaction: it commits when PostgreSQL reaches the batch's end, and the answers are
                // handed out only after the reader has read that far (a failed commit throws here, for all of them).
                await using var reader = await batch.ExecuteReaderAsync();
                for (var i = 0; i < edits.Count; i++)
                {
                    written[i] = await reader.ReadAsync(); // its one row (the new version), or none: not written
                    await reader.NextResultAsync();
                }
            }
            for (var i = 0; i < edits.Count; i++)
            {
                edits[i].Written.TrySetResult(written[i]);
            }
        }
        catch (PostgresException) when (edits.Count > 1)
        {
            // One statement's error (a locked case, a value PostgreSQL refuses) rolled back the whole batch: write each
            // edit alone, so only the one at fault is answered with its error.
            foreach (var edit in edits)
            {
                await ExecuteAsync([edit]);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            edits[0].Written.TrySetResult(false); // its case is held by another transaction: re-read and try again
        }
        catch (Exception e)
        {
            foreach (var edit in edits)
            {
                edit.Written.TrySetException(e);
            }
        }
    }

    internal NpgsqlBatchCommand Command(PendingSectionEdit edit) => new(Sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = edit.CaseId, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = edit.ExpectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint },
            new NpgsqlParameter { Value = edit.EventId, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = edit.EventJson, NpgsqlDbType = NpgsqlDbType.Jsonb },
            new NpgsqlParameter { Value = EventType, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = EventDotnetType, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = edit.UserName, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = edit.DocumentJson, NpgsqlDbType = NpgsqlDbType.Jsonb },
            new NpgsqlParameter { Value = DocumentDotnetType, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = edit.Notice, NpgsqlDbType = NpgsqlDbType.Text },
        },
    };
}
