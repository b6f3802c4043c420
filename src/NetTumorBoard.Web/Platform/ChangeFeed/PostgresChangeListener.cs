using Npgsql;
using NetTumorBoard.Web.Platform.Database;

namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// Holds one connection that LISTENs for committed changes and hands them to the in-process feed. LISTEN is in
/// place before the app serves requests; if the connection drops it reconnects and tells subscribers to resync,
/// because notifications sent while it was away are gone.
/// </summary>
internal sealed class PostgresChangeListener(DatabaseEndpoint database, ChangeFeed feed, ILogger<PostgresChangeListener> logger)
    : BackgroundService
{
    private NpgsqlConnection? _connection;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection = await ConnectAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_connection is null)
                {
                    _connection = await ConnectAsync(stoppingToken);
                    if (lost)
                    {
                        // Whichever attempt gets through: notices sent while no one listened are gone, so every
                        // subscriber reads again.
                        lost = false;
                        logger.LogInformation("Change feed connection restored; subscribers resync");
                        feed.Publish(ChangeNotice.Resync);
                    }
                }
                delay = TimeSpan.FromMilliseconds(200);
                await _connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                lost = true;
                logger.LogWarning("Change feed connection lost or not restored ({Message}); trying again in {Delay}", e.Message, delay);
                await DropConnectionAsync();
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
        await DropConnectionAsync();
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "ntb-change-feed",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) =>
        {
            if (ChangeNotifier.Parse(e.Payload) is { } notice)
            {
                feed.Publish(notice);
            }
        };
        await using var listen = new NpgsqlCommand($"LISTEN {ChangeNotifier.Channel}", connection);
        await listen.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
