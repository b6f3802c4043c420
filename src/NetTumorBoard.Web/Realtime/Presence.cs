using System.Collections.Concurrent;
using Marten;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Realtime;

/// <summary>One viewer of a case: a browser tab or a hub connection, on some app instance.</summary>
public sealed record PresenceEntry
{
    public string Id { get; init; } = "";
    public Guid CaseId { get; init; }
    public Guid UserId { get; init; }
    public string Name { get; init; } = "";
    public Discipline Discipline { get; init; }
    public string? EditingSection { get; init; }
    /// <summary>Null for a member who takes part; <see cref="Capacities.Observer"/> or <see cref="Capacities.Auditor"/> for one who only reads.</summary>
    public string? Capacity { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public Guid Instance { get; init; }
}

/// <param name="Capacity">Null for a member who takes part; "Observer" or "Auditor" for someone who only reads (so the room
/// does not take them for a discipline's voter).</param>
public sealed record Participant(Guid UserId, string Name, Discipline Discipline, string? EditingSection, string? Capacity = null);

/// <summary>In what capacity someone views a board's case or meeting.</summary>
public static class Capacities
{
    public const string Observer = "Observer";
    public const string Auditor = "Auditor";

    /// <summary>A member's capacity: null for a chair, coordinator or member, else <see cref="Observer"/>.</summary>
    public static string? Of(BoardMembership membership) => Boards.BoardAccess.CanContribute(membership) ? null : Observer;

    /// <summary>
    /// Whether the current user may be present on the board's case or meeting, and as what: a member as their role
    /// makes them, an auditor without membership as <see cref="Auditor"/>; anyone else (a member just removed, a tab
    /// remembering a meeting of another board) is not shown as present at all.
    /// </summary>
    public static async Task<(bool May, string? Capacity)> OfAsync(CurrentUser user, Guid boardId) =>
        await user.MembershipAsync(boardId) is { } membership ? (true, Of(membership))
        : await user.IsInRoleAsync(GlobalRoles.Auditor) ? (true, Auditor)
        : (false, null);
}

public sealed record PresenceChangedMessage(Guid CaseId, IReadOnlyList<Participant> Participants);

/// <summary>
/// Who is viewing which case and editing which section, shared by every instance through the database: entries
/// are documents, each change sends a "presence" notice on the change feed. Entries of an instance that died
/// stop counting once their heartbeat is older than <see cref="Expiry"/>.
/// </summary>
public sealed class PresenceRegistry(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);
    public const string StreamKind = "presence";

    private readonly ConcurrentDictionary<string, PresenceEntry> _local = new();
    private readonly Turns _writes = new(); // see WriteAsync

    public Guid Instance { get; } = Guid.NewGuid();

    public static string Key(string connection, Guid caseId) => $"{connection}/{caseId:N}";

    public bool IsJoined(string key) => _local.ContainsKey(key);

    public Task JoinAsync(string key, Guid caseId, UserCard user, string? capacity = null) =>
        WriteAsync(key, _ => new PresenceEntry
        {
            Id = key, CaseId = caseId, UserId = user.UserId, Name = user.Name, Discipline = user.Discipline, Capacity = capacity,
            LastSeen = clock.GetUtcNow(), Instance = Instance,
        });

    public Task SetEditingAsync(string key, string? section) =>
        WriteAsync(key, entry => entry is not null && entry.EditingSection != section
            ? entry with { EditingSection = section, LastSeen = clock.GetUtcNow() }
            : null);

    public async Task LeaveAsync(string key)
    {
        using var turn = await _writes.TurnAsync();
        if (_local.TryRemove(key, out var entry))
        {
            await using var session = store.LightweightSession();
            session.Delete<PresenceEntry>(entry.Id);
            Notify(session, entry.CaseId);
            await session.SaveChangesAsync();
        }
    }

    /// <summary>Leaves every case a connection (hub connection id or circuit id) had joined.</summary>
    public async Task LeaveAllAsync(string connection)
    {
        foreach (var key in _local.Keys.Where(k => k.StartsWith(connection + "/", StringComparison.Ordinal)).ToList())
        {
            await LeaveAsync(key);
        }
    }

    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(Guid caseId, CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - Expiry;
        await using var session = store.QuerySession();
        var entries = await session.Query<PresenceEntry>().Where(e => e.CaseId == caseId && e.LastSeen > cutoff).ToListAsync(ct);
        return entries
            .GroupBy(e => e.UserId)
            .Select(g => new Participant(g.Key, g.First().Name, g.First().Discipline, g.Select(e => e.EditingSection).FirstOrDefault(s => s is not null),
                g.First().Capacity))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Refreshes this instance's entries and forgets long-dead ones (called by <see cref="PresenceHeartbeat"/>).</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        using var turn = await _writes.TurnAsync(ct);
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        foreach (var (key, entry) in _local)
        {
            var fresh = entry with { LastSeen = now };
            _local[key] = fresh;
            session.Store(fresh);
        }
        var forgotten = now - Expiry * 5;
        session.DeleteWhere<PresenceEntry>(e => e.LastSeen < forgotten);
        await session.SaveChangesAsync(ct);
    }

    public async Task LeaveEverythingAsync()
    {
        foreach (var key in _local.Keys.ToList())
        {
            await LeaveAsync(key);
        }
    }

    /// <summary>
    /// Changes this instance's entry for <paramref name="key"/> (null: no change) and stores it. This instance's writes
    /// go one at a time, in the order they were called, so the database always ends with the last call's state: a
    /// leave overtaken by a later join (two handlers of one tab) must not delete the entry after that join stored it,
    /// and the heartbeat must not store again an entry just left.
    /// </summary>
    private async Task WriteAsync(string key, Func<PresenceEntry?, PresenceEntry?> change)
    {
        using var turn = await _writes.TurnAsync();
        if (change(_local.GetValueOrDefault(key)) is not { } entry)
        {
            return;
        }
        _local[key] = entry;
        await using var session = store.LightweightSession();
        session.Store(entry);
        Notify(session, entry.CaseId);
        await session.SaveChangesAsync();
    }

    private static void Notify(IDocumentSession session, Guid caseId) =>
        session.QueueSqlCommand($"select pg_notify('{ChangeNotifier.Channel}', ?)",
            ChangeNotifier.Format(new ChangeNotice(StreamKind, caseId, 0, [], null, null)));
}

internal sealed class PresenceHeartbeat(PresenceRegistry registry, ILogger<PresenceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PresenceRegistry.Heartbeat);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await registry.BeatAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Presence heartbeat failed: {Message}", e.Message);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.LeaveEverythingAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not clear presence on shutdown: {Message}", e.Message);
        }
    }
}
