namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// Keeps a live screen from going back in time. A screen re-reads its data on every change notice, and reads overlap:
/// the read of the first interactive render may still be running when a notice starts another, and the older read (it
/// may also write an access-log entry) can finish last. Whoever shows its result unconditionally can then replace the
/// newer state with the older one, and no further notice comes to correct it — a vote that everyone else sees stays
/// missing on one screen. Each read takes a ticket; only the newest-started read may show what it read (it started
/// after every commit the others saw, so it sees at least as much). Used on a component's dispatcher.
/// </summary>
public sealed class LatestRead
{
    private long _started;

    /// <summary>Call before the read's first await.</summary>
    public long Begin() => Interlocked.Increment(ref _started);

    /// <summary>Whether no read started after this one; if not, drop what it read: a newer read will show its own.</summary>
    public bool IsLatest(long ticket) => Interlocked.Read(ref _started) == ticket;
}
