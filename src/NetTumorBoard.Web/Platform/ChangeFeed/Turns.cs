namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// One at a time, in the order called: each holder starts after the one before it has finished.
/// <para>
/// Live screens read in turns, so a screen never goes back in time. It re-reads its data on every change notice, and
/// reads could overlap: the read of the first interactive render may still be running when a notice starts another, and
/// the older read (it may also write an access-log entry) can finish last. Shown as they finish, the older state would
/// replace the newer one, and no further notice comes to correct it — a vote that everyone else sees would stay
/// missing on one screen. Taking turns, the last to run started after every commit the others saw. (Dropping the
/// overtaken read instead would leave its caller without data after its await — the meeting bar, for one, decides
/// where to go from what it has just read.)
/// </para>
/// <para>
/// Presence writes take turns too (<see cref="Realtime.PresenceRegistry"/>), so the database ends with the last call's state.
/// </para>
/// </summary>
public sealed class Turns
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Wait for the holders before this one; dispose the turn when done.</summary>
    public async Task<Turn> TurnAsync(CancellationToken ct = default)
    {
        await _turn.WaitAsync(ct);
        return new Turn(_turn);
    }

    public readonly struct Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}
