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
            var payload = JsonSerializer.Serialize(new
            {
                k = StreamKind(stream.AggregateType),
                s = stream.Id,
                t = stream.Events.Select(e => e.EventType.Name).Distinct().ToArray(),
                b = stream.Events.Select(e => e.Data).OfType<IBoardScoped>().Select(e => (Guid?)e.BoardId).FirstOrDefault(),
                a = Guid.TryParse(session.LastModifiedBy, out var actor) ? actor : (Guid?)null,
            });
            session.QueueSqlCommand(
                $"select pg_notify('{Channel}', (?::jsonb || jsonb_build_object('v', (select version from {schema}.mt_streams where id = ?)))::text)",
                payload, stream.Id);
        }
        return Task.CompletedTask;
    }

    public static string StreamKind(Type? aggregateType) =>
        aggregateType?.Name.Replace("State", "", StringComparison.Ordinal).ToLowerInvariant() ?? "stream";

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
