using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Tests.Platform;

/// <summary>A live screen's re-reads take turns, so the last one shown is the last one started.</summary>
public sealed class TurnsTests
{
    private sealed class Screen
    {
        private readonly Turns _reads = new();
        public List<string> Shown { get; } = [];

        public async Task LoadAsync(Func<Task<string>> read)
        {
            using var turn = await _reads.TurnAsync();
            Shown.Add(await read());
        }
    }

    [Fact]
    public async Task A_read_started_while_another_runs_starts_after_it_has_shown_its_result()
    {
        var screen = new Screen();
        var older = new TaskCompletionSource<string>();
        var newerStarted = false;

        var first = screen.LoadAsync(() => older.Task);               // e.g. the first interactive render's read, still running
        var second = screen.LoadAsync(() =>                            // started by the notice of a vote committed meanwhile
        {
            newerStarted = true;
            return Task.FromResult("with the vote");
        });
        await Task.Delay(50);
        Assert.False(newerStarted);

        older.SetResult("without the vote");
        await Task.WhenAll(first, second);
        Assert.Equal(["without the vote", "with the vote"], screen.Shown);
    }

    [Fact]
    public async Task A_failed_read_does_not_hold_up_the_next()
    {
        var screen = new Screen();
        await Assert.ThrowsAsync<InvalidOperationException>(() => screen.LoadAsync(() => throw new InvalidOperationException()));
        await screen.LoadAsync(() => Task.FromResult("next")).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["next"], screen.Shown);
    }
}
