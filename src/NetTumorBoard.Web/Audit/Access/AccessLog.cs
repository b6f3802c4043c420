using Npgsql;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Audit.Access;

public enum AccessKind { Page, Api, TimeTravel, History, Export }

public sealed record AccessEntry(long Id, DateTimeOffset At, Guid UserId, string UserName, Guid CaseId, AccessKind Kind, string? Detail);

/// <summary>
/// Who read which case, when and how (page, API, time travel, history, export). Append-only: the table refuses
/// updates and deletes by trigger, so not even the app can rewrite it.
/// </summary>
public sealed class AccessLog(DatabaseEndpoint database, TimeProvider clock) : IDatabaseObjects
{
    private const string S = MartenSetup.Schema;

    public async Task ApplyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($$"""
            create table if not exists {{S}}.ntb_access_log (
                id bigserial primary key,
                at timestamptz not null,
                user_id uuid not null,
                user_name text not null,
                case_id uuid not null,
                kind text not null,
                detail text);
            create index if not exists ix_ntb_access_log_case on {{S}}.ntb_access_log (case_id, at);
            create index if not exists ix_ntb_access_log_user on {{S}}.ntb_access_log (user_id, at);
            create or replace function {{S}}.ntb_access_log_append_only() returns trigger language plpgsql as $$
            begin
                raise exception 'the access log is append-only';
            end $$;
            create or replace trigger ntb_access_log_append_only before update or delete on {{S}}.ntb_access_log
                for each row execute function {{S}}.ntb_access_log_append_only();
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordAsync(CurrentUser user, Guid caseId, AccessKind kind, string? detail, CancellationToken ct = default)
    {
        var actor = await user.ActorAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var insert = new NpgsqlCommand($"insert into {S}.ntb_access_log (at, user_id, user_name, case_id, kind, detail) values ($1, $2, $3, $4, $5, $6)", connection);
        insert.Parameters.AddWithValue(clock.GetUtcNow());
        insert.Parameters.AddWithValue(actor.UserId);
        insert.Parameters.AddWithValue(actor.Name);
        insert.Parameters.AddWithValue(caseId);
        insert.Parameters.AddWithValue(kind.ToString());
        insert.Parameters.AddWithValue((object?)detail ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AccessEntry>> QueryAsync(Guid? caseId, Guid? userId, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand($"""
            select id, at, user_id, user_name, case_id, kind, detail from {S}.ntb_access_log
            where ($1::uuid is null or case_id = $1) and ($2::uuid is null or user_id = $2) and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at <= $4)
            order by id desc limit $5
            """, connection);
        query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)caseId ?? DBNull.Value });
        query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)userId ?? DBNull.Value });
        query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = (object?)from ?? DBNull.Value });
        query.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = (object?)to ?? DBNull.Value });
        query.Parameters.AddWithValue(limit);
        var entries = new List<AccessEntry>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AccessEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2), reader.GetString(3), reader.GetGuid(4),
                Enum.Parse<AccessKind>(reader.GetString(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return entries;
    }
}
