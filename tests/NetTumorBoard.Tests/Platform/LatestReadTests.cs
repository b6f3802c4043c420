using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Tests.Platform;

/// <summary>Overlapping re-reads of a live screen: what an overtaken read found never replaces what a newer one showed.</summary>
public sealed class LatestReadTests
{
    private sealed class Screen
    {
        private readonly LatestRead _reads = new();
        public int Shown { get; private set; }

        public async Task LoadAsync(Task<int> read)
        {
            var ticket = _reads.Begin();
            var value = await read;
            if (_reads.IsLatest(ticket))
            {
                Shown = value;
            }
        }
    }

    [Fact]
    public async Task An_older_read_that_finishes_last_does_not_replace_the_newer_state()
    {
        var screen = new Screen();
        var older = new TaskCompletionSource<int>();
        var newer = new TaskCompletionSource<int>();

        var first = screen.LoadAsync(older.Task);   // e.g. the first interactive render's read, still running
        var second = screen.LoadAsync(newer.Task);  // started by the notice of a vote committed meanwhile
        newer.SetResult(2);
        await second;
        Assert.Equal(2, screen.Shown);

        older.SetResult(1);
        await first;
        Assert.Equal(2, screen.Shown);
    }

    [Fact]
    public async Task Reads_that_do_not_overlap_each_show_their_result()
    {
        var screen = new Screen();
        await screen.LoadAsync(Task.FromResult(1));
        Assert.Equal(1, screen.Shown);
        await screen.LoadAsync(Task.FromResult(3));
        Assert.Equal(3, screen.Shown);
    }

    [Fact]
    public async Task When_the_newer_read_finishes_last_it_is_shown()
    {
        var screen = new Screen();
        var older = new TaskCompletionSource<int>();
        var newer = new TaskCompletionSource<int>();
        var first = screen.LoadAsync(older.Task);
        var second = screen.LoadAsync(newer.Task);
        older.SetResult(1);
        await first;
        Assert.Equal(0, screen.Shown);
        newer.SetResult(2);
        await second;
        Assert.Equal(2, screen.Shown);
    }
}
