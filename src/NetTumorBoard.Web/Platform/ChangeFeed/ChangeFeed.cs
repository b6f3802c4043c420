using System.Threading.Channels;

namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// In-process fan-out of committed changes. Each subscription gets its own ordered queue, so a slow subscriber
/// (a busy circuit) neither blocks the listener nor sees changes out of order; a subscriber that fails on a notice
/// (its read failed) gets the same notice again a little later, a few times. Dispose the subscription to stop.
/// </summary>
public sealed class ChangeFeed(ILogger<ChangeFeed> logger)
{
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public IDisposable Subscribe(Func<ChangeNotice, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public void Publish(ChangeNotice notice)
    {
        Subscription[] current;
        lock (_gate)
        {
            current = [.. _subscriptions];
        }
        foreach (var subscription in current)
        {
            subscription.Enqueue(notice);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>How long a subscriber that failed on a notice waits before it gets the notice again (then it is given up).</summary>
    internal static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)];

    private sealed class Subscription : IDisposable
    {
        private readonly ChangeFeed _feed;
        private readonly Func<ChangeNotice, Task> _handler;
        private readonly Channel<ChangeNotice> _queue = Channel.CreateUnbounded<ChangeNotice>(new() { SingleReader = true });

        public Subscription(ChangeFeed feed, Func<ChangeNotice, Task> handler)
        {
            _feed = feed;
            _handler = handler;
            _ = Task.Run(PumpAsync);
        }

        public void Enqueue(ChangeNotice notice) => _queue.Writer.TryWrite(notice);

        private async Task PumpAsync()
        {
            await foreach (var notice in _queue.Reader.ReadAllAsync())
            {
                for (var attempt = 1; !_disposed; attempt++)
                {
                    try
                    {
                        await _handler(notice);
                        break;
                    }
                    catch (ObjectDisposedException) when (_queue.Reader.Completion.IsCompleted || _disposed)
                    {
                        // The subscriber (a circuit) went away while a notice was in flight: nothing to update.
                        return;
                    }
                    catch (Exception e) when (attempt < RetryDelays.Length + 1)
                    {
                        // Mostly a read that failed (the database restarting, a lost connection): dropping the notice
                        // would leave that screen behind until the next change, so it is handed over again shortly.
                        _feed._logger.LogWarning(e, "A change feed subscriber failed on {Stream} {StreamId}; trying again (attempt {Attempt})",
                            notice.Stream, notice.StreamId, attempt);
                        await Task.Delay(RetryDelays[attempt - 1]);
                    }
                    catch (Exception e)
                    {
                        _feed._logger.LogError(e, "A change feed subscriber failed on {Stream} {StreamId} {Attempts} times; giving up on this notice",
                            notice.Stream, notice.StreamId, attempt);
                        break;
                    }
                }
            }
        }

        private volatile bool _disposed;

        public void Dispose()
        {
            _disposed = true;
            _queue.Writer.TryComplete();
            _feed.Remove(this);
        }
    }
}
