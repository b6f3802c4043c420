using Microsoft.Extensions.Logging.Abstractions;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Tests.Platform;

public sealed class ChangeFeedTests
{
    /// <summary>
    /// A subscriber whose read fails on a notice (the database briefly away) gets the same notice again, so its screen
    /// catches up instead of staying behind until the next change; notices arriving meanwhile are not held up by it.
    /// </summary>
    [Fact]
    public async Task A_subscriber_that_fails_on_a_notice_gets_it_again_without_holding_up_the_next_ones()
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
                if (notice.Version == 1)
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
        Assert.Equal([(1L, true), (2L, false), (1L, true), (1L, false)], seen);
    }

    /// <summary>A subscriber that passes messages on (the hub relay) does not get a notice twice.</summary>
    [Fact]
    public async Task A_subscriber_without_retry_gets_a_failed_notice_once()
    {
        var feed = new ChangeFeed(NullLogger<ChangeFeed>.Instance);
        var calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(notice =>
        {
            Interlocked.Increment(ref calls);
            if (notice.Version == 2)
            {
                second.TrySetResult();
            }
            return notice.Version == 1 ? throw new TimeoutException("the hub did not answer") : Task.CompletedTask;
        }, retry: false);
        feed.Publish(new ChangeNotice("case", Guid.NewGuid(), 1, ["SectionEdited"], null, null));
        feed.Publish(new ChangeNotice("case", Guid.NewGuid(), 2, ["SectionEdited"], null, null));
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Task.Delay(ChangeFeed.RetryDelays[0] * 2, TestContext.Current.CancellationToken);
        Assert.Equal(2, calls);
    }
}
