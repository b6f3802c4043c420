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
/// Group commit for section edits. An edit is written by one SQL statement that appends the event only if the stream is
/// still at the version the edit was decided on (Marten's stream row, the event row and its ledger hash — written by
/// the statement itself, with the trigger's definition, instead of a PL/pgSQL trigger call — and the case document),
/// and queues the change-feed notice from the same statement, so the notice exists if and only if the event does. The
/// first edit to arrive while nothing is being written goes out at once, alone; edits that arrive while a write is in
/// flight are written together in the next transaction, by one statement over arrays (one executor run, one commit,
/// one WAL flush, one pass through PostgreSQL's notification lock for all of them). A stale edit in a batch matches no
/// stream row and is reported as not written (its writer re-reads and merges again); an error makes the batch be
/// written again edit by edit, so only the edit at fault gets it; a case held by another transaction longer than
/// <see cref="LockWait"/> is reported as not written. Two instances' batches that lock the same stream rows in opposite
/// orders cannot hold each other up for longer than that either: the waiting batch gives up and goes edit by edit.
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

    /// <summary>The ledger hash of each appended event (CTE e), chained to its stream's previous hash.</summary>
    private static readonly string HashRows = $"""
        h as (
            insert into {S}.ntb_event_hashes (seq_id, stream_id, version, hash, prev_hash)
            select e.seq_id, e.stream_id, e.version, {LedgerSchema.Hash("p.prev", "e.stream_id", "e.version", "e.type", "e.timestamp", "e.data")}, p.prev
            from e left join {S}.ntb_event_hashes x on x.stream_id = e.stream_id and x.version = e.version - 1
                   cross join lateral (select coalesce(x.hash, {LedgerSchema.Genesis}) as prev) p
            on conflict (seq_id) do nothing -- a trigger from before the flag (app started before `migrate`) wrote the same hash
            returning seq_id)
        """;

    /// <summary>One edit: $1 case, $2 expected version, $3 event id, $4 event JSON, $5 type, $6 .NET type, $7 user, $8 document, $9 its .NET type, $10 notice. Returns the case and new version, or no row.</summary>
    private static readonly string Sql = $"""
        with s as (
            update {S}.mt_streams set version = version + 1, timestamp = now()
            where id = $1 and version = $2 and not is_archived and tenant_id = '{Tenant}'
            returning id, version, set_config('{LedgerSchema.InlineSetting}', 'on', true) as inline),
        e as (
            insert into {S}.mt_events (seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, user_name)
            select nextval('{S}.mt_events_sequence'), $3, s.id, s.version, $4, null, $5, '{Tenant}', (now() at time zone 'utc'), $6, false, $7 from s
            returning seq_id, stream_id, version, type, timestamp, data),
        {HashRows},
        d as (
            update {S}.mt_doc_casedetails doc set data = $8, mt_version = e.version, mt_dotnet_type = $9, mt_last_modified = transaction_timestamp()
            from e where doc.id = e.stream_id
            returning doc.id)
        select e.stream_id, e.version, pg_notify('{ChangeNotifier.Channel}', $10) from e
        """;

    /// <summary>
    /// Several edits of different cases as one statement (arrays, one element per edit): the same rows as
    /// <see cref="Sql"/> for each, but one executor run for the batch instead of one per edit. Returns the case and new
    /// version of each edit written. $1 cases, $2 expected versions, $3 event ids, $4 event JSON, $5 users, $6 documents,
    /// $7 notices; $8 event type, $9 its .NET type, $10 the document's .NET type.
    /// </summary>
    private static readonly string BatchSql = $"""
        with i as (
            select * from unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::jsonb[], $5::varchar[], $6::jsonb[], $7::text[])
                as t(case_id, expected, event_id, data, user_name, doc, notice)),
        s as (
            update {S}.mt_streams st set version = st.version + 1, timestamp = now()
            from i where st.id = i.case_id and st.version = i.expected and not st.is_archived and st.tenant_id = '{Tenant}'
            returning st.id, st.version, set_config('{LedgerSchema.InlineSetting}', 'on', true) as inline),
        e as (
            insert into {S}.mt_events (seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, user_name)
            select nextval('{S}.mt_events_sequence'), i.event_id, s.id, s.version, i.data, null, $8, '{Tenant}', (now() at time zone 'utc'), $9, false, i.user_name
            from s join i on i.case_id = s.id
            returning seq_id, stream_id, version, type, timestamp, data),
        {HashRows},
        d as (
            update {S}.mt_doc_casedetails doc set data = i.doc, mt_version = e.version, mt_dotnet_type = $10, mt_last_modified = transaction_timestamp()
            from e join i on i.case_id = e.stream_id where doc.id = e.stream_id
            returning doc.id)
        select e.stream_id, e.version, pg_notify('{ChangeNotifier.Channel}', i.notice) from e join i on i.case_id = e.stream_id
        """;

    /// <summary>
    /// How long a batch waits for the writers of the batch before it to come back with their next edits (see
    /// <see cref="WriteAsync"/>); it goes out sooner once they are all there.
    /// </summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(1);

    private readonly Lock _gate = new();
    private readonly List<PendingSectionEdit> _waiting = [];
    private bool _writing;
    private int _lastBatch = 1;
    private int _expected;
    private TaskCompletionSource? _gathering;

    public required string EventType { get; init; }
    public required string EventDotnetType { get; init; }
    public required string DocumentDotnetType { get; init; }

    /// <summary>
    /// True when the edit was committed; false when its case moved on meanwhile (nothing was written). A lone writer's
    /// edit goes out at once, alone. Under concurrent writers, a batch waits (at most <see cref="Gather"/>) until the
    /// writers of the batch before it are back with their next edits, so that everyone shares one commit; without
    /// this the writers split into two groups that take turns, each commit carrying half of them (and a commit's cost
    /// is mostly its round trip, WAL flush and notification lock, not its size).
    /// </summary>
    public Task<bool> WriteAsync(PendingSectionEdit edit)
    {
        lock (_gate)
        {
            _waiting.Add(edit);
            if (_writing)
            {
                if (_gathering is { } gathering && _waiting.Count >= _expected)
                {
                    gathering.TrySetResult();
                }
                return edit.Written.Task;
            }
            _writing = true;
            // Nothing in flight: the writers of the last batch, if there were several, are on their way back.
            if (!Start(_lastBatch))
            {
                return edit.Written.Task;
            }
        }
        return WriteNowAsync(edit); // a lone writer's edit is written on its own call, without a thread switch
    }

    private async Task<bool> WriteNowAsync(PendingSectionEdit edit)
    {
        List<PendingSectionEdit> batch;
        lock (_gate)
        {
            batch = Take();
        }
        await WriteAndHandOverAsync(batch);
        return await edit.Written.Task;
    }

    /// <summary>
    /// Starts the next batch (under the gate): if <paramref name="expected"/> edits are queued it is due now (returns
    /// true; the caller writes it); else it goes out once they are, or after <see cref="Gather"/> (returns false).
    /// </summary>
    private bool Start(int expected)
    {
        expected = Math.Min(expected, MaxBatch);
        if (_waiting.Count >= expected)
        {
            return true;
        }
        var gathering = _gathering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected = expected;
        _ = Task.Run(async () =>
        {
            await Task.WhenAny(gathering.Task, Task.Delay(Gather));
            List<PendingSectionEdit> batch;
            lock (_gate)
            {
                _gathering = null;
                batch = Take();
            }
            await WriteAndHandOverAsync(batch);
        });
        return false;
    }

    private async Task WriteAndHandOverAsync(List<PendingSectionEdit> batch)
    {
        try
        {
            await ExecuteAsync(batch);
        }
        finally
        {
            // Whoever finishes a write starts the next one: with what queued meanwhile and, if that is anything, with
            // the writers just answered (they come back at once); if nothing queued, the next edit to arrive starts it.
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                }
                else if (Start(_waiting.Count + batch.Count))
                {
                    var next = Take();
                    _ = Task.Run(() => WriteAndHandOverAsync(next));
                }
            }
        }
    }

    /// <summary>How many edits the last batch carried (a lone edit waits for as many to gather, at most <see cref="Gather"/>).</summary>
    internal int LastBatch
    {
        get
        {
            lock (_gate)
            {
                return _lastBatch;
            }
        }
    }

    /// <summary>The next batch from the queue (under the gate).</summary>
    private List<PendingSectionEdit> Take()
    {
        var take = Math.Min(_waiting.Count, MaxBatch);
        var next = _waiting.GetRange(0, take);
        _waiting.RemoveRange(0, take);
        _lastBatch = take;
        return next;
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
            if (edits.Count > 1 && edits.DistinctBy(e => e.CaseId).Count() < edits.Count)
            {
                // Not on the editor's path (an instance edits a case one edit at a time); should it happen, each in turn.
                foreach (var edit in edits)
                {
                    await ExecuteAsync([edit]);
                }
                return;
            }
            var written = new bool[edits.Count];
            await using (var batch = db.CreateBatch())
            {
                // One implicit transaction: it commits when PostgreSQL reaches the batch's end, and the answers are
                // handed out only after the reader has read that far (a failed commit throws here, for all of them).
                batch.BatchCommands.Add(edits.Count == 1 ? Command(edits[0]) : BatchCommand(edits));
                await using var reader = await batch.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var caseId = reader.GetGuid(0);
                    written[edits.FindIndex(e => e.CaseId == caseId)] = true; // a row per edit written; a stale one has none
                }
                while (await reader.NextResultAsync())
                {
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

    internal NpgsqlBatchCommand BatchCommand(IReadOnlyList<PendingSectionEdit> edits) => new(BatchSql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = edits.Select(e => e.CaseId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = edits.Select(e => e.ExpectedVersion).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            new NpgsqlParameter { Value = edits.Select(e => e.EventId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = edits.Select(e => e.EventJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
            new NpgsqlParameter { Value = edits.Select(e => e.UserName).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = edits.Select(e => e.DocumentJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
            new NpgsqlParameter { Value = edits.Select(e => e.Notice).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new NpgsqlParameter { Value = EventType, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = EventDotnetType, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter { Value = DocumentDotnetType, NpgsqlDbType = NpgsqlDbType.Varchar },
        },
    };

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
