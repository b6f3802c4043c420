using System.Text.Json;
using Marten;
using Marten.Services;

namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// Queues a pg_notify for every stream a session appends to, inside the same transaction: PostgreSQL delivers it
/// only if the events commit, and to every instance listening on the database. The version is read in SQL after
/// the append, because quick append assigns it on the server.
/// </summary>
internal sealed class ChangeNotifier(string schema) : DocumentSessionListenerBase
{
    public const string Channel = "ntb_changes";

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
            if (stream.Events.Count == 0)
            {
                continue;
            }
            var kind = StreamKind(stream.AggregateType);
            var boardId = stream.Events.Select(e => e.Data).OfType<IBoardScoped>().Select(e => (Guid?)e.BoardId).FirstOrDefault();
            var payload = JsonSerializer.Serialize(new
            {
                k = kind,
                s = stream.Id,
                t = stream.Events.Select(e => e.EventType.Name).Distinct().ToArray(),
                a = Guid.TryParse(session.LastModifiedBy, out var actor) ? actor : (Guid?)null,
            });
            var version = $"(select version from {schema}.mt_streams where id = ?)";
            var sql = $"select pg_notify('{Channel}', (?::jsonb || jsonb_strip_nulls(jsonb_build_object('v', {version}, 'b', {{0}})))::text)";
            if (boardId is { } board)
            {
                session.QueueSqlCommand(string.Format(sql, "?::text"), payload, stream.Id, board.ToString());
            }
            else if (kind == "case")
            {
                // A case's board never changes; the events after the first do not repeat it, its document knows it.
                session.QueueSqlCommand(string.Format(sql, $"(select data->>'boardId' from {schema}.mt_doc_casedetails where id = ?)"), payload, stream.Id, stream.Id);
            }
            else
            {
                session.QueueSqlCommand(string.Format(sql, "null::text"), payload, stream.Id);
            }
        }
        return Task.CompletedTask;
    }

    public static string StreamKind(Type? aggregateType) =>
        aggregateType?.GetCustomAttributes(typeof(StreamKindAttribute), false).OfType<StreamKindAttribute>().FirstOrDefault()?.Kind
        ?? aggregateType?.Name.ToLowerInvariant() ?? "stream";

    internal static ChangeNotice? Parse(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            return new ChangeNotice(
                root.GetProperty("k").GetString() ?? "stream",
                root.GetProperty("s").GetGuid(),
                root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0,
                root.GetProperty("t").EnumerateArray().Select(t => t.GetString() ?? "").ToArray(),
                root.TryGetProperty("b", out var b) && b.ValueKind == JsonValueKind.String ? b.GetGuid() : null,
                root.TryGetProperty("a", out var a) && a.ValueKind == JsonValueKind.String ? a.GetGuid() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
