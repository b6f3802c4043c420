using System.Security.Cryptography;
using Npgsql;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Audit.Ledger;

public sealed record LedgerBreak(Guid StreamId, long Version, string Problem);

public sealed record StreamVerification(bool Valid, long CheckedEvents, long? FirstBrokenVersion, string? Problem);

public sealed record StoreVerification(bool Valid, long CheckedEvents, int CheckedStreams, int CheckedCheckpoints, IReadOnlyList<LedgerBreak> Breaks,
    long? FirstBrokenCheckpoint);

/// <summary>
/// Recomputes the chains: every event must have its hash, link to the previous event's hash, hash to what its
/// content gives now, and follow its predecessor's version without a gap; a stream's recorded version must be its
/// last event's; checkpoints must chain over the hashes in append order. The first broken link is reported.
/// </summary>
public sealed class LedgerVerifier(DatabaseEndpoint database)
{
    private const string S = MartenSetup.Schema;
    public static readonly byte[] Genesis = new byte[32];

    // One pass, in SQL: content hashes are recomputed where the data lives.
    private const string EventsSql = $"""
        select e.stream_id, e.version, h.seq_id is not null, h.prev_hash, h.hash,
               {S}.ntb_event_hash(coalesce(h.prev_hash, '\x'::bytea), e.stream_id, e.version, e.type, e.timestamp, e.data),
               lag(e.version) over w, lag(h.hash) over w
        from {S}.mt_events e left join {S}.ntb_event_hashes h on h.seq_id = e.seq_id
        where (@stream is null or e.stream_id = @stream)
        window w as (partition by e.stream_id order by e.version)
        order by e.stream_id, e.version
        """;

    private const string OrphansSql = $"""
        select h.stream_id, h.version from {S}.ntb_event_hashes h
        where (@stream is null or h.stream_id = @stream) and not exists (select 1 from {S}.mt_events e where e.seq_id = h.seq_id)
        union all
        select s.id, s.version from {S}.mt_streams s
        where (@stream is null or s.id = @stream) and s.version > coalesce((select max(e.version) from {S}.mt_events e where e.stream_id = s.id), 0)
        """;

    public async Task<StreamVerification> VerifyStreamAsync(Guid streamId, CancellationToken ct)
    {
        var (breaks, events, _) = await EventsAsync(streamId, ct);
        var first = breaks.OrderBy(b => b.Version).FirstOrDefault();
        return new StreamVerification(first is null, events, first?.Version, first?.Problem);
    }

    public async Task<StoreVerification> VerifyAllAsync(CancellationToken ct)
    {
        var (breaks, events, streams) = await EventsAsync(null, ct);
        var (checkpoints, brokenCheckpoint) = await CheckpointsAsync(ct);
        return new StoreVerification(breaks.Count == 0 && brokenCheckpoint is null, events, streams, checkpoints,
            breaks.OrderBy(b => b.StreamId).ThenBy(b => b.Version).Take(100).ToList(), brokenCheckpoint);
    }

    private async Task<(List<LedgerBreak> Breaks, long Events, int Streams)> EventsAsync(Guid? streamId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var breaks = new List<LedgerBreak>();
        long events = 0;
        var streams = 0;
        await using (var command = new NpgsqlCommand(EventsSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter("stream", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)streamId ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(ct);
            Guid? current = null;
            var broken = false;
            while (await reader.ReadAsync(ct))
            {
                events++;
                var stream = reader.GetGuid(0);
                if (stream != current)
                {
                    current = stream;
                    streams++;
                    broken = false;
                }
                if (broken)
                {
                    continue;
                }
                var version = reader.GetInt64(1);
                var problem = Check(reader, version);
                if (problem is not null)
                {
                    breaks.Add(new LedgerBreak(stream, version, problem));
                    broken = true;
                }
            }
        }
        await using (var orphans = new NpgsqlCommand(OrphansSql, connection))
        {
            orphans.Parameters.Add(new NpgsqlParameter("stream", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)streamId ?? DBNull.Value });
            await using var reader = await orphans.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                breaks.Add(new LedgerBreak(reader.GetGuid(0), reader.GetInt64(1), "an event is missing (its hash or the stream's version remains)"));
            }
        }
        return (breaks, events, streams);
    }

    private static string? Check(NpgsqlDataReader row, long version)
    {
        var previousVersion = row.IsDBNull(6) ? 0 : row.GetInt64(6);
        if (version != previousVersion + 1)
        {
            return $"version {previousVersion + 1} is missing before version {version}";
        }
        if (!row.GetBoolean(2))
        {
            return "the event has no hash (inserted around the ledger)";
        }
        var prevHash = (byte[])row[3];
        var expectedPrev = row.IsDBNull(7) ? Genesis : (byte[])row[7];
        if (!prevHash.AsSpan().SequenceEqual(expectedPrev))
        {
            return "the chain to the previous event is broken (reordered or removed)";
        }
        if (!((byte[])row[4]).AsSpan().SequenceEqual((byte[])row[5]))
        {
            return "the event's content no longer matches its hash (altered)";
        }
        return null;
    }

    /// <summary>Appends a checkpoint over events appended since the last one (none if there are none).</summary>
    public async Task<long?> CheckpointAsync(TimeSpan settle, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockTable = new NpgsqlCommand($"lock table {S}.ntb_ledger_checkpoints in exclusive mode", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(ct);
        }
        var (lastUpto, lastHash) = await LastCheckpointAsync(connection, transaction, ct);
        // Sequence numbers are taken before commit, so a slow transaction can commit a lower one later; events
        // younger than the settle time wait for the next checkpoint rather than leave a hole in this one.
        await using var read = new NpgsqlCommand($"""
            select h.seq_id, h.hash from {S}.ntb_event_hashes h
            where h.seq_id > @after and h.seq_id <= coalesce((select max(e.seq_id) from {S}.mt_events e where e.timestamp < now() - @settle), 0)
            order by h.seq_id
            """, connection, transaction);
        read.Parameters.AddWithValue("settle", settle);
        read.Parameters.AddWithValue("after", lastUpto);
        var hashes = new List<(long Seq, byte[] Hash)>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                hashes.Add((reader.GetInt64(0), (byte[])reader[1]));
            }
        }
        if (hashes.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }
        var hash = Chain(lastHash, hashes.Select(h => h.Hash));
        await using var insert = new NpgsqlCommand($"insert into {S}.ntb_ledger_checkpoints (upto_seq, events, hash, prev_hash) values (@upto, @events, @hash, @prev) returning id",
            connection, transaction);
        insert.Parameters.AddWithValue("upto", hashes[^1].Seq);
        insert.Parameters.AddWithValue("events", (long)hashes.Count);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("prev", lastHash);
        var id = (long)(await insert.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return id;
    }

    private static byte[] Chain(byte[] previous, IEnumerable<byte[]> hashes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        foreach (var h in hashes)
        {
            sha.AppendData(h);
        }
        return sha.GetHashAndReset();
    }

    private static async Task<(long Upto, byte[] Hash)> LastCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var last = new NpgsqlCommand($"select upto_seq, hash from {S}.ntb_ledger_checkpoints order by id desc limit 1", connection, transaction);
        await using var reader = await last.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, Genesis);
    }

    private async Task<(int Checked, long? FirstBroken)> CheckpointsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var checkpoints = new List<(long Id, long Upto, long Events, byte[] Hash, byte[] Prev)>();
        await using (var read = new NpgsqlCommand($"select id, upto_seq, events, hash, prev_hash from {S}.ntb_ledger_checkpoints order by id", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                checkpoints.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader[3], (byte[])reader[4]));
            }
        }
        var previous = Genesis;
        long after = 0;
        foreach (var c in checkpoints)
        {
            await using var read = new NpgsqlCommand($"select hash from {S}.ntb_event_hashes where seq_id > @after and seq_id <= @upto order by seq_id", connection);
            read.Parameters.AddWithValue("after", after);
            read.Parameters.AddWithValue("upto", c.Upto);
            var hashes = new List<byte[]>();
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    hashes.Add((byte[])reader[0]);
                }
            }
            if (!c.Prev.AsSpan().SequenceEqual(previous) || hashes.Count != c.Events || !Chain(previous, hashes).AsSpan().SequenceEqual(c.Hash))
            {
                return (checkpoints.Count, c.Id);
            }
            previous = c.Hash;
            after = c.Upto;
        }
        return (checkpoints.Count, null);
    }
}
