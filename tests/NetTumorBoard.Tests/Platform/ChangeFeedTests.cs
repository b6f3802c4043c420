using Microsoft.Extensions.Logging.Abstractions;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Tests.Platform;

public sealed class ChangeFeedTests
{
    /// <summary>
    /// A subscriber whose read fails on a notice (the database briefly away) gets the same notice again, so its screen
    /// catches up instead of staying behind until the next change; later notices still come in order after it.
    /// </summary>
    [Fact]
    public async Task A_subscriber_that_fails_on_a_notice_gets_it_again_and_then_the_next_ones_in_order()
    {
        var feed = new ChangeFeed(NullLogger<ChangeFeed>.Instance);
        var seen = new List<(long Version, bool Failed)>();
        var failures = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(notice =>
        {
            lock (seen)
            {
                if (notice.Version == 1 && failures < 2)
                {
                    failures++;
                    seen.Add((notice.Version, true));
                    throw new TimeoutException("the database did not answer");
                }
                seen.Add((notice.Version, false));
                if (notice.Version == 2)
                {
                    done.TrySetResult();
                }
            }
            return Task.CompletedTask;
        });
        var stream = Guid.NewGuid();
        feed.Publish(new ChangeNotice("case", stream, 1, ["SectionEdited"], null, null));
        feed.Publish(new ChangeNotice("case", stream, 2, ["SectionEdited"], null, null));

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal([(1L, true), (1L, true), (1L, false), (2L, false)], seen);
    }
}
