using System.Globalization;
using Marten;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Guidelines.Browsing;

public sealed record RecommendationVersionInfo(long Version, string Change, string? By, DateTimeOffset At, string? Reason);

public static class ViewRecommendationSlice
{
    /// <summary>The recommendation now, or exactly as it was at an earlier version.</summary>
    public static async Task<RecommendationView> LoadAsync(string key, long? version, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct)
    {
        var id = Recommendation.StreamIdFor(key);
        var current = await session.LoadAsync<Recommendation>(id, ct) ?? throw CommandRejected.NotFound($"Recommendation '{key}'");
        var shown = current;
        if (version is { } v && v != current.Version)
        {
            if (v < 1 || v > current.Version)
            {
                throw CommandRejected.Invalid("version", $"Choose a version between 1 and {current.Version}.");
            }
            shown = await session.Events.AggregateStreamAsync<Recommendation>(id, v, token: ct) ?? throw CommandRejected.NotFound("That version");
        }
        return RecommendationView.From(shown, await catalog.CitationsAsync(shown.Content.Citations, ct));
    }

    public static async Task<IReadOnlyList<RecommendationVersionInfo>> VersionsAsync(string key, IQuerySession session, UserDirectory users, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(Recommendation.StreamIdFor(key), token: ct);
        if (events.Count == 0)
        {
            throw CommandRejected.NotFound($"Recommendation '{key}'");
        }
        var versions = new List<RecommendationVersionInfo>();
        foreach (var e in events)
        {
            var (change, by, at, reason) = e.Data switch
            {
                RecommendationAdded a => ($"Added ({a.Source})", a.By, a.At, (string?)null),
                RecommendationRevised r => ($"Revised ({r.Source})", r.By, r.At, r.Reason),
                RecommendationVerified v => ("Verified", v.By, v.At, v.Note),
                _ => (e.EventTypeName, Guid.Empty, e.Timestamp, null),
            };
            versions.Add(new RecommendationVersionInfo(e.Version, change, (await users.FindAsync(by, ct))?.Name, at, reason));
        }
        return versions;
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/guidelines/{id}", async (string id, string? version, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct) =>
            {
                long? parsed = null;
                if (!string.IsNullOrEmpty(version))
                {
                    parsed = long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                        : throw CommandRejected.Invalid("version", "Give a version number.");
                }
                return await LoadAsync(id, parsed, session, catalog, ct);
            })
            .WithName("GetRecommendation")
            .WithSummary("One recommendation; ?version=N for an earlier version exactly as it was.");
        api.MapGet("/guidelines/{id}/versions", (string id, IQuerySession session, UserDirectory users, CancellationToken ct) => VersionsAsync(id, session, users, ct))
            .WithName("ListRecommendationVersions")
            .WithSummary("Every version of a recommendation: what changed, who, when.");
    }
}
