using System.Net;
using System.Net.Sockets;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Platform;

/// <summary>Each misconfiguration an operator can make ends in one clear line on stderr and exit code 2.</summary>
public sealed class StartupFailureTests
{
    private static async Task<string> AssertFailsClearlyAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        await using var app = AppProcess.Start(environment, args);
        var exit = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var errorLines = app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exit == 2, $"exit {exit}\nstdout:\n{app.StandardOutput}\nstderr:\n{app.StandardError}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("NetTumorBoard could not start: ", line);
        Assert.DoesNotContain("   at ", app.StandardOutput + app.StandardError);
        return line;
    }

    [Fact]
    public async Task Missing_postgres_binaries()
    {
        var emptyBin = Directory.CreateTempSubdirectory("ntb-no-pg").FullName;
        var line = await AssertFailsClearlyAsync(new Dictionary<string, string?>
        {
            ["NTB_PG_BIN"] = emptyBin,
            ["NTB_DATA_DIR"] = TestPaths.NewTempDirectory("proc-nobin"),
        }, "--urls", $"http://127.0.0.1:{AppProcess.FreePort()}");
        Assert.Contains("apt-get install -y postgresql", line);
    }

    [Fact]
    public async Task An_occupied_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var line = await AssertFailsClearlyAsync(new Dictionary<string, string?>
        {
            ["NTB_DATA_DIR"] = TestPaths.NewTempDirectory("proc-port"),
        }, "--urls", $"http://127.0.0.1:{port}");
        Assert.Contains($"Port {port}", line);
        Assert.Contains("already in use", line);
    }

    [Fact]
    public async Task An_unwritable_data_directory()
    {
        var line = await AssertFailsClearlyAsync(new Dictionary<string, string?>
        {
            ["NTB_DATA_DIR"] = "/proc/ntb-nope/pgdata",
        }, "--urls", $"http://127.0.0.1:{AppProcess.FreePort()}");
        Assert.Contains("/proc/ntb-nope/pgdata", line);
    }

    [Fact]
    public async Task A_connection_string_to_a_server_that_is_not_there()
    {
        var line = await AssertFailsClearlyAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Marten"] = $"Host=127.0.0.1;Port={AppProcess.FreePort()};Database=ntb;Username=ntb;Password=wrong;Timeout=3",
        }, "--urls", $"http://127.0.0.1:{AppProcess.FreePort()}");
        Assert.Contains("Cannot connect to PostgreSQL at 127.0.0.1", line);
    }

    [Fact]
    public async Task A_malformed_connection_string()
    {
        var line = await AssertFailsClearlyAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Marten"] = "Hots=nowhere;Databse=ntb",
        }, "--urls", $"http://127.0.0.1:{AppProcess.FreePort()}");
        Assert.Contains("not a valid PostgreSQL connection string", line);
    }
}
