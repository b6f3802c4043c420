using JasperFx.Events;
using Marten;

namespace NetTumorBoard.Web.Cases.Viewing;

/// <summary>
/// A stored copy of a case's aggregate at one version, kept only to make time travel fast on long streams. It is a
/// cache derived from the events, never a source of truth: <see cref="CaseSnapshots.Shape"/> is part of its identity,
/// so a change to how <see cref="CaseDetails"/> is built makes old snapshots invisible (they are rebuilt on demand),
/// and deleting every row of <c>ntb.mt_doc_casesnapshot</c> is always safe.
/// </summary>
public sealed record CaseSnapshot(string Id, Guid CaseId, int Shape, long Version, CaseDetails State);

/// <summary>
/// The case as it was at a version: the nearest snapshot at or before it, plus the events after it. Snapshots are laid
/// down lazily at every <see cref="Interval"/> versions the first time someone travels past them, so the first
/// look at version 9,000 of a long case pays once and every later look replays at most <see cref="Interval"/> events.
/// </summary>
public static class CaseSnapshots
{
    /// <summary>Bump when CaseDetails' Apply methods change meaning; older snapshots are then ignored.</summary>
    public const int Shape = 1;

    public const long Interval = 256;

    public static void Configure(StoreOptions options) =>
        options.Schema.For<CaseSnapshot>().Index(s => s.CaseId);

    public static async Task<CaseDetails?> AtVersionAsync(IDocumentStore store, IQuerySession session, Guid caseId, long version, CancellationToken ct)
    {
        // Snapshots sit at multiples of Interval: the one just below is a primary-key read; only when it is missing
        // (never travelled that far yet) is the nearest lower one searched for.
        var below = version / Interval * Interval;
        var nearest = below == 0 ? null : await session.LoadAsync<CaseSnapshot>(IdOf(caseId, below), ct);
        nearest ??= below <= Interval ? null : await session.Query<CaseSnapshot>()
            .Where(s => s.CaseId == caseId && s.Shape == Shape && s.Version <= version)
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);
        var state = nearest?.State;
        var from = nearest?.Version ?? 0;
        List<CaseSnapshot>? laid = null;
        while (version - from > Interval)
        {
            var next = (from / Interval + 1) * Interval;
            state = await ApplyAsync(session, caseId, state, from, next, ct);
            if (state is null || state.Version != next)
            {
                return null;
            }
            (laid ??= []).Add(new CaseSnapshot(IdOf(caseId, next), caseId, Shape, next, state));
            from = next;
        }
        if (laid is not null)
        {
            await using var write = store.LightweightSession();
            write.Store(laid.ToArray());
            await write.SaveChangesAsync(ct);
        }
        return from == version ? state : await ApplyAsync(session, caseId, state, from, version, ct);
    }

    /// <summary>The version a case had at a moment: its last event at or before that time (0 if it did not exist yet).</summary>
    public static async Task<long> VersionAtAsync(IQuerySession session, Guid caseId, DateTimeOffset at, CancellationToken ct) =>
        await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == caseId && e.Timestamp <= at)
            .OrderByDescending(e => e.Version)
            .Select(e => e.Version)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The events after a known state, applied by the case's own projection. (Marten's AggregateStreamAsync with a
    /// starting state measured ~25 ms for 40 events here; fetching the slice and applying it is well under 1 ms.)
    /// </summary>
    /// <summary>
    /// The events after a known state, applied by CaseDetails' own Apply methods. (Marten's live aggregator measured
    /// ~0.45 ms per event here, ~110 ms for 256 events; fetching the slice and applying it directly is ~1 ms.)
    /// </summary>
    private static async Task<CaseDetails?> ApplyAsync(IQuerySession session, Guid caseId, CaseDetails? state, long from, long to, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(caseId, to, fromVersion: from + 1, token: ct);
        return CaseReplay.Apply(state, events);
    }

    private static string IdOf(Guid caseId, long version) => $"{caseId:N}/{Shape}/{version}";
}
