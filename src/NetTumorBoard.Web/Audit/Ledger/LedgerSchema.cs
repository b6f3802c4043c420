using Npgsql;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Audit.Ledger;

/// <summary>
/// Tamper evidence in the database itself. A trigger on Marten's event table hashes every event as it is
/// appended, in the same transaction (section edits write the same hash in their own statement and keep the trigger
/// out, see <see cref="InlineSetting"/>), chained to the hash of the previous event of its stream:
/// sha256(previous hash ‖ stream ‖ version ‖ type ‖ UTC time ‖ data). Periodic checkpoints chain the hashes of all
/// events in append order, so even a stream removed entirely (events and hashes) is noticed.
/// </summary>
public sealed class LedgerSchema : Platform.Database.IDatabaseObjects
{
    private const string S = MartenSetup.Schema;

    /// <summary>All zeros: the "previous hash" of a stream's first event.</summary>
    internal const string Genesis = @"'\x0000000000000000000000000000000000000000000000000000000000000000'::bytea";

    /// <summary>
    /// Set (transaction-local) by a statement that writes the hash rows of its own events in the same statement
    /// (<c>SectionCommits</c>): the trigger then stays out, saving a PL/pgSQL call per event. A session that sets it
    /// and writes no hash gains nothing: every event without its hash is reported by the verifier.
    /// </summary>
    internal const string InlineSetting = "ntb.ledger_inline";

    /// <summary>The one definition of an event's hash: the trigger, ntb_event_hash (the verifier) and the section-edit statement.</summary>
    internal static string Hash(string prev, string stream, string ver, string kind, string ts, string body) =>
        $"sha256({prev} || convert_to({stream}::text || '|' || {ver}::text || '|' || {kind} || '|' || "
        + $"to_char({ts} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' || {body}::text, 'UTF8'))";

    public static readonly string Sql = $$"""
        create table if not exists {{S}}.ntb_event_hashes (
            seq_id bigint primary key,
            stream_id uuid not null,
            version bigint not null,
            hash bytea not null,
            prev_hash bytea not null);
        create index if not exists ix_ntb_event_hashes_stream on {{S}}.ntb_event_hashes (stream_id, version);

        create table if not exists {{S}}.ntb_ledger_checkpoints (
            id bigserial primary key,
            upto_seq bigint not null,
            events bigint not null,
            hash bytea not null,
            prev_hash bytea not null,
            created_at timestamptz not null default now());

        create or replace function {{S}}.ntb_event_hash(prev bytea, stream uuid, ver bigint, kind text, ts timestamptz, body jsonb) returns bytea
        language sql immutable parallel safe as $$
            select {{Hash("prev", "stream", "ver", "kind", "ts", "body")}}
        $$;

        -- A BEFORE trigger (no after-trigger queue) with one statement; the hash expression is written out rather
        -- than calling ntb_event_hash, because a SQL function called from PL/pgSQL is planned again on every call.
        -- The row it protects is inserted by the same statement: if that fails, the hash row is rolled back with it.
        create or replace function {{S}}.ntb_hash_event() returns trigger language plpgsql as $$
        begin
            insert into {{S}}.ntb_event_hashes (seq_id, stream_id, version, hash, prev_hash)
            select new.seq_id, new.stream_id, new.version, {{Hash("p.prev", "new.stream_id", "new.version", "new.type", "new.timestamp", "new.data")}}, p.prev
            from (select coalesce((select h.hash from {{S}}.ntb_event_hashes h where h.stream_id = new.stream_id and h.version = new.version - 1),
                                  {{Genesis}}) as prev) p;
            return new;
        end $$;

        drop trigger if exists ntb_hash_event on {{S}}.mt_events;
        create trigger ntb_hash_event before insert on {{S}}.mt_events for each row
            when (current_setting('{{InlineSetting}}', true) is distinct from 'on') execute function {{S}}.ntb_hash_event();

        -- Events appended before the ledger existed are hashed once, in order.
        do $$
        declare e record; prev bytea;
        begin
            for e in select ev.seq_id, ev.stream_id, ev.version, ev.type, ev.timestamp, ev.data from {{S}}.mt_events ev
                     where not exists (select 1 from {{S}}.ntb_event_hashes h where h.seq_id = ev.seq_id) order by ev.stream_id, ev.version loop
                select h.hash into prev from {{S}}.ntb_event_hashes h where h.stream_id = e.stream_id and h.version = e.version - 1;
                prev := coalesce(prev, {{Genesis}});
                insert into {{S}}.ntb_event_hashes values (e.seq_id, e.stream_id, e.version,
                    {{S}}.ntb_event_hash(prev, e.stream_id, e.version, e.type, e.timestamp, e.data), prev);
            end loop;
        end $$;
        """;

    public async Task ApplyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(Sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
