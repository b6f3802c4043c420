using Microsoft.Extensions.Logging.Abstractions;
using NetTumorBoard.Web.Platform.Postgres;

[assembly: AssemblyFixture(typeof(NetTumorBoard.Tests.Support.TestCluster))]

namespace NetTumorBoard.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started by the app's own launcher (fast, non-durable
/// settings). Each test class takes a fresh database from it, so classes run in parallel without sharing data.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    private EmbeddedPostgres? _cluster;

    public EmbeddedPostgres Cluster => _cluster ?? throw new InvalidOperationException("The test cluster is not running.");

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = TestPaths.NewTempDirectory("ntb-test-cluster"),
            Throwaway = true,
        }, NullLogger.Instance);
    }

    public Task<string> NewDatabaseAsync(string purpose) =>
        Cluster.CreateDatabaseAsync($"t_{Guid.NewGuid():N}_{purpose.ToLowerInvariant()}"[..Math.Min(60, 35 + purpose.Length)]);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }
}
