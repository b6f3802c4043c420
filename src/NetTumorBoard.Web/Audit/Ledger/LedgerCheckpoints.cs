namespace NetTumorBoard.Web.Audit.Ledger;

public sealed class LedgerOptions
{
    public const string Section = "Audit:Ledger";

    /// <summary>How often a store-wide checkpoint is appended (0 turns the background checkpoints off).</summary>
    public int CheckpointMinutes { get; set; } = 10;
}

/// <summary>Appends a store-wide checkpoint every few minutes while there are new events.</summary>
internal sealed class LedgerCheckpoints(LedgerVerifier verifier, Microsoft.Extensions.Options.IOptions<LedgerOptions> options, ILogger<LedgerCheckpoints> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CheckpointMinutes <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.CheckpointMinutes));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await verifier.CheckpointAsync(TimeSpan.FromSeconds(10), stoppingToken) is { } id)
                {
                    logger.LogInformation("Ledger checkpoint {Id} appended", id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Ledger checkpoint failed: {Message}", e.Message);
            }
        }
    }
}
