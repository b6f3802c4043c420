using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Platform.Postgres;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Tests.Platform;

/// <summary>The launcher against the machine's real PostgreSQL binaries, each test in its own data directory.</summary>
public sealed class EmbeddedPostgresTests
{
    private static EmbeddedPostgresOptions Options(string dir) => new() { DataDirectory = dir };

    private static Task<EmbeddedPostgres> StartAsync(string dir) => EmbeddedPostgres.StartAsync(Options(dir), NullLogger.Instance);

    private static async Task ExecuteAsync(EmbeddedPostgres cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(EmbeddedPostgres cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task First_start_creates_the_cluster_and_a_restart_keeps_committed_data()
    {
        var dir = TestPaths.NewTempDirectory("pg-restart");
        await using (var first = await StartAsync(dir))
        {
            Assert.True(File.Exists(Path.Combine(dir, "PG_VERSION")));
            await ExecuteAsync(first, "create table kept (v text); insert into kept values ('committed')");
        }
        Assert.False(File.Exists(PostmasterPidFile.PathIn(dir)));

        await using var second = await StartAsync(dir);
        Assert.False(second.Adopted);
        Assert.Equal("committed", await ScalarAsync(second, "select v from kept"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_cluster_left_running_by_a_killed_app_is_adopted_not_started_twice()
    {
        var dir = TestPaths.NewTempDirectory("pg-adopt");
        var first = await StartAsync(dir);
        await ExecuteAsync(first, "create table kept (v int); insert into kept values (42)");
        var postmaster = PostmasterPidFile.TryRead(dir)!;
        first.AbandonLikeAKilledProcess();

        await using (var second = await StartAsync(dir))
        {
            Assert.True(second.Adopted);
            Assert.Equal(postmaster.ProcessId, PostmasterPidFile.TryRead(dir)!.ProcessId);
            Assert.Equal(postmaster.Port, second.Port);
            Assert.Equal(42, await ScalarAsync(second, "select v from kept"));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_stale_postmaster_pid_whose_process_is_gone_or_reused_is_cleared()
    {
        var dir = TestPaths.NewTempDirectory("pg-stale");
        var first = await StartAsync(dir);
        await ExecuteAsync(first, "create table kept (v int); insert into kept values (7)");
        var postmaster = PostmasterPidFile.TryRead(dir)!;
        first.AbandonLikeAKilledProcess();
        Process.GetProcessById(postmaster.ProcessId).Kill();
        await WaitUntilGoneAsync(postmaster.ProcessId);

        // The crash left postmaster.pid behind; make its PID belong to a live, unrelated process (as after a reboot).
        var pidFile = PostmasterPidFile.PathIn(dir);
        Assert.True(File.Exists(pidFile));
        var lines = File.ReadAllLines(pidFile);
        lines[0] = Environment.ProcessId.ToString();
        File.WriteAllLines(pidFile, lines);

        await using (var second = await StartAsync(dir))
        {
            Assert.False(second.Adopted);
            Assert.NotEqual(Environment.ProcessId, PostmasterPidFile.TryRead(dir)!.ProcessId);
            Assert.Equal(7, await ScalarAsync(second, "select v from kept"));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_second_process_on_the_same_data_directory_is_refused()
    {
        var dir = TestPaths.NewTempDirectory("pg-lock");
        await using (var first = await StartAsync(dir))
        {
            var failure = await Assert.ThrowsAsync<StartupFailure>(() => StartAsync(dir));
            Assert.Contains("Another NetTumorBoard process", failure.Message);
            Assert.Equal(1L, await ScalarAsync(first, "select 1::bigint"));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Missing_binaries_fail_fast_naming_the_package_to_install()
    {
        var emptyBin = Directory.CreateTempSubdirectory("ntb-no-pg").FullName;
        var failure = await Assert.ThrowsAsync<StartupFailure>(() =>
            EmbeddedPostgres.StartAsync(Options(TestPaths.NewTempDirectory("pg-nobin")) with { BinariesDirectory = emptyBin }, NullLogger.Instance));
        Assert.Contains("apt-get install -y postgresql", failure.Message);
        Assert.Contains("initdb", failure.Message);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_reported_with_the_fix()
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => StartAsync("/proc/ntb-cannot-exist/pgdata"));
        Assert.Contains("/proc/ntb-cannot-exist/pgdata", failure.Message);
        Assert.Contains("NTB_DATA_DIR", failure.Message);
    }

    [Fact]
    public async Task A_data_directory_the_cluster_user_cannot_reach_is_reported_with_the_fix()
    {
        // As root the cluster runs as 'postgres', which cannot enter a root-only (0700) parent. As another user,
        // a read-only parent stops the user itself. Both must end in one clear sentence, not an initdb error.
        var parent = Directory.CreateTempSubdirectory("ntb-private").FullName;
        File.SetUnixFileMode(parent, Environment.IsPrivilegedProcess ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var failure = await Assert.ThrowsAsync<StartupFailure>(() => StartAsync(Path.Combine(parent, "pgdata")));
            Assert.Contains("NTB_DATA_DIR", failure.Message);
        }
        finally
        {
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(parent, recursive: true);
        }
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
        {
            await Task.Delay(50);
        }
    }
}
