namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// Keeps a live screen from going back in time. A screen re-reads its data on every change notice, and reads could
/// overlap: the read of the first interactive render may still be running when a notice starts another, and the older
/// read (it may also write an access-log entry) can finish last. Shown as they finish, the older state would replace
/// the newer one, and no further notice comes to correct it — a vote that everyone else sees would stay missing on one
/// screen. So a screen's reads take turns: each starts after the one before it has shown its result, and the last
/// to run started after every commit the others saw. (Dropping the overtaken read instead would leave its caller
/// without data after its await — the meeting bar, for one, decides where to go from what it has just read.)
/// </summary>
public sealed class SerialReads
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Wait for the reads started before this one; dispose the turn once the result is shown.</summary>
    public async Task<Turn> TurnAsync()
    {
        await _turn.WaitAsync();
        return new Turn(_turn);
    }

    public readonly struct Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}
