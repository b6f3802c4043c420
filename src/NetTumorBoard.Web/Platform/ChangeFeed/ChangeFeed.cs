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

    /// <param name="retry">
    /// Whether a notice the handler fails on is handed over again later (screens re-reading their state: yes). Not for
    /// handlers that send messages on (the hub relay): a repeat would send twice.
    /// </param>
    public IDisposable Subscribe(Func<ChangeNotice, Task> handler, bool retry = true)
    {
        var subscription = new Subscription(this, handler, retry);
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
            subscription.Enqueue(notice, 1);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>
    /// When a subscriber that failed on a notice gets it again (then it is given up), plus up to a quarter more at random
    /// so that many screens do not all retry against a struggling database at once.
    /// </summary>
    internal static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)];

    private sealed class Subscription : IDisposable
    {
        private readonly ChangeFeed _feed;
        private readonly Func<ChangeNotice, Task> _handler;
        private readonly bool _retry;
        private readonly Channel<(ChangeNotice Notice, int Attempt)> _queue = Channel.CreateUnbounded<(ChangeNotice, int)>(new() { SingleReader = true });

        public Subscription(ChangeFeed feed, Func<ChangeNotice, Task> handler, bool retry)
        {
            _feed = feed;
            _handler = handler;
            _retry = retry;
            _ = Task.Run(PumpAsync);
        }

        public void Enqueue(ChangeNotice notice, int attempt) => _queue.Writer.TryWrite((notice, attempt));

        private async Task PumpAsync()
        {
            await foreach (var (notice, attempt) in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    await _handler(notice);
                }
                catch (ObjectDisposedException) when (_queue.Reader.Completion.IsCompleted || _disposed)
                {
                    // The subscriber (a circuit) went away while a notice was in flight: nothing to update.
                    return;
                }
                catch (Exception e) when (_retry && attempt <= RetryDelays.Length)
                {
                    // Mostly a read that failed (the database restarting, a lost connection): dropping the notice would
                    // leave that screen behind until the next change, so it is handed over again a little later — behind
                    // whatever arrives meanwhile, which is not held up (the handlers re-read current state).
                    _feed._logger.LogWarning(e, "A change feed subscriber failed on {Stream} {StreamId}; handing it over again (attempt {Attempt})",
                        notice.Stream, notice.StreamId, attempt);
                    var delay = RetryDelays[attempt - 1] * (1 + Random.Shared.NextDouble() / 4);
                    _ = Task.Delay(delay).ContinueWith(_ => Enqueue(notice, attempt + 1), TaskScheduler.Default);
                }
                catch (Exception e)
                {
                    _feed._logger.LogError(e, "A change feed subscriber failed on {Stream} {StreamId}", notice.Stream, notice.StreamId);
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
