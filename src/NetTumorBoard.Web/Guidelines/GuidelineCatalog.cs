using Marten;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Web.Guidelines;

/// <summary>
/// The current library in memory for matching (a few dozen records): re-read when any instance changes a
/// recommendation, and at most every minute for reference data loaded alongside.
/// </summary>
public sealed class GuidelineCatalog : IDisposable
{
    private readonly IDocumentStore _store;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private (IReadOnlyList<Recommendation> Library, IReadOnlyList<OpenQuestion> Questions, DateTimeOffset At)? _cached;

    public GuidelineCatalog(IDocumentStore store, ChangeFeed feed, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        _subscription = feed.Subscribe(notice =>
        {
            if (notice.Stream == "recommendation" || notice.IsResync)
            {
                Invalidate();
            }
            return Task.CompletedTask;
        });
    }

    public void Invalidate() => _cached = null;

    public async Task<(IReadOnlyList<Recommendation> Library, IReadOnlyList<OpenQuestion> Questions)> GetAsync(CancellationToken ct = default)
    {
        if (_cached is { } cached && _clock.GetUtcNow() - cached.At < TimeSpan.FromMinutes(1))
        {
            return (cached.Library, cached.Questions);
        }
        await using var session = _store.QuerySession();
        var library = await session.Query<Recommendation>().ToListAsync(ct);
        var questions = await session.Query<OpenQuestion>().ToListAsync(ct);
        _cached = (library, questions, _clock.GetUtcNow());
        return (library, questions);
    }

    public async Task<IReadOnlyDictionary<string, Citation>> CitationsAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var ids = keys.Distinct().ToArray();
        await using var session = _store.QuerySession();
        var docs = await session.LoadManyAsync<CitationDocument>(ct, ids);
        return docs.ToDictionary(d => d.Id, d => d.Citation);
    }

    public void Dispose() => _subscription.Dispose();
}
