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
            // Version and board are filled in SQL below (quick append assigns the version on the server).
            var payload = Format(new ChangeNotice(kind, stream.Id, 0, stream.Events.Select(e => e.EventType.Name).Distinct().ToArray(), null,
                Guid.TryParse(session.LastModifiedBy, out var actor) ? actor : null));
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

    /// <summary>A notice as the NOTIFY payload <see cref="Parse"/> reads: {k, s, t, v, and b and a when known}.</summary>
    internal static string Format(ChangeNotice notice) => JsonSerializer.Serialize(
        new Payload(notice.Stream, notice.StreamId, notice.EventTypes, notice.Version, notice.BoardId, notice.ActorId), PayloadOptions);

    private static readonly JsonSerializerOptions PayloadOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("k")] string Kind,
        [property: System.Text.Json.Serialization.JsonPropertyName("s")] Guid Stream,
        [property: System.Text.Json.Serialization.JsonPropertyName("t")] IReadOnlyList<string> Types,
        [property: System.Text.Json.Serialization.JsonPropertyName("v")] long Version,
        [property: System.Text.Json.Serialization.JsonPropertyName("b")] Guid? Board,
        [property: System.Text.Json.Serialization.JsonPropertyName("a")] Guid? Actor);

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
