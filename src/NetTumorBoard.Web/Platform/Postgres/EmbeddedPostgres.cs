using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Web.Platform.Postgres;

public sealed record EmbeddedPostgresOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Only look here for initdb/pg_ctl/postgres (NTB_PG_BIN).</summary>
    public string? BinariesDirectory { get; init; }

    public string DatabaseName { get; init; } = "nettumorboard";

    /// <summary>Test clusters only: durability off for speed, and the directory is deleted on stop.</summary>
    public bool Throwaway { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A private PostgreSQL cluster started from the machine's binaries: initdb on first use, a free loopback port,
/// run as the postgres OS user when the app is root, adopted when a killed app left it running, stale
/// postmaster.pid files cleared, and stopped with the app. One process at a time owns a data directory.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "ntb";
    private readonly EmbeddedPostgresOptions _options;
    private readonly PostgresBinaries _binaries;
    private readonly ClusterDirectory _directory;
    private readonly ILogger _logger;
    private FileStream? _lock;
    private bool _stopped;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, PostgresBinaries binaries, ClusterDirectory directory, ILogger logger)
    {
        _options = options;
        _binaries = binaries;
        _directory = directory;
        _logger = logger;
    }

    public int Port { get; private set; }
    public string DataDirectory => _directory.Path;
    public string ConnectionString { get; private set; } = "";

    /// <summary>True when this start found the cluster already running (left behind by a killed app) and adopted it.</summary>
    public bool Adopted { get; private set; }

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        var binaries = PostgresBinaries.Locate(options.BinariesDirectory);
        string? serviceUser = null;
        if (Environment.IsPrivilegedProcess)
        {
            serviceUser = "postgres";
            if (!OsProcess.UserExists(serviceUser))
            {
                throw new StartupFailure(
                    "PostgreSQL refuses to run as root and there is no 'postgres' OS user to run it as. " + PostgresBinaries.InstallHint);
            }
        }

        var cluster = new EmbeddedPostgres(options, binaries, new ClusterDirectory(options.DataDirectory, serviceUser), logger);
        try
        {
            await cluster.StartCoreAsync(ct);
            return cluster;
        }
        catch
        {
            cluster.ReleaseLock();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        await _directory.PrepareAsync(ct);
        if (!_directory.IsInitialized)
        {
            await InitDbAsync(ct);
        }
        AcquireLock();
        var credentials = _directory.LoadCredentials();

        var pidFile = PostmasterPidFile.TryRead(_directory.Path);
        if (pidFile is not null && pidFile.BelongsToLivePostmaster(_directory.Path))
        {
            Port = pidFile.Port;
            ConnectionString = BuildConnectionString(credentials, "postgres");
            if (await CanConnectAsync(ct))
            {
                Adopted = true;
                _logger.LogWarning("Adopted the PostgreSQL cluster in {DataDirectory} (PID {Pid}, port {Port}) left running by an earlier run",
                    _directory.Path, pidFile.ProcessId, Port);
                await EnsureDatabaseAsync(credentials, ct);
                return;
            }
            _logger.LogWarning("The cluster in {DataDirectory} runs but does not answer; restarting it", _directory.Path);
            await PgCtlAsync(["stop", "-D", _directory.Path, "-m", "immediate", "-w"], ct);
        }
        else if (pidFile is not null)
        {
            _logger.LogWarning("Removing stale postmaster.pid (PID {Pid} is not a running postmaster) from {DataDirectory}",
                pidFile.ProcessId, _directory.Path);
            File.Delete(PostmasterPidFile.PathIn(_directory.Path));
        }

        await StartServerAsync(ct);
        ConnectionString = BuildConnectionString(credentials, "postgres");
        await EnsureDatabaseAsync(credentials, ct);
    }

    private async Task InitDbAsync(CancellationToken ct)
    {
        _logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory}", _directory.Path);
        var credentials = new ClusterCredentials(SuperUser, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        var pwFile = Path.Combine(Path.GetTempPath(), $"ntb-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, credentials.Password, ct);
        try
        {
            await _directory.HandOverAsync(pwFile, ct);
            List<string> args = ["-D", _directory.Path, "-U", SuperUser, "-A", "scram-sha-256", $"--pwfile={pwFile}",
                "-E", "UTF8", "--locale=C.UTF-8"];
            if (_options.Throwaway)
            {
                args.Add("--no-sync");
            }
            var result = await OsProcess.RunAsync(_binaries.InitDb, args, _directory.ServiceUser, cancellationToken: ct);
            if (!result.Succeeded)
            {
                throw new StartupFailure($"initdb could not create a cluster in {_directory.Path}: {LastLines(result.Output)}");
            }
        }
        finally
        {
            File.Delete(pwFile);
        }

        await File.AppendAllTextAsync(Path.Combine(_directory.Path, "postgresql.conf"),
            """

            # NetTumorBoard embedded cluster: loopback TCP only, no Unix socket to collide with a system server.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 300

            """, ct);
        await _directory.SaveCredentialsAsync(credentials, ct);
    }

    private void AcquireLock()
    {
        try
        {
            _lock = new FileStream(_directory.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StartupFailure(
                $"Another NetTumorBoard process is already using the data directory {_directory.Path}. Stop it first, " +
                "or give this instance its own NTB_DATA_DIR (or a shared server via ConnectionStrings__Marten).");
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        string lastError = "";
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Port = FreeLoopbackPort();
            var logOffset = File.Exists(_directory.LogFile) ? new FileInfo(_directory.LogFile).Length : 0;
            var serverOptions = $"-p {Port}";
            if (_options.Throwaway)
            {
                serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }
            var result = await PgCtlAsync(["start", "-D", _directory.Path, "-l", _directory.LogFile, "-w",
                "-t", ((int)_options.StartTimeout.TotalSeconds).ToString(), "-o", serverOptions], ct);
            if (result.Succeeded)
            {
                _logger.LogInformation("PostgreSQL started on 127.0.0.1:{Port} with data in {DataDirectory}", Port, _directory.Path);
                return;
            }
            lastError = LastLines(File.Exists(_directory.LogFile) ? ReadFrom(_directory.LogFile, logOffset) : result.Output);
            if (!lastError.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
        }
        throw new StartupFailure($"The embedded PostgreSQL in {_directory.Path} did not start: {lastError} (log: {_directory.LogFile})");
    }

    private Task<OsProcess.Result> PgCtlAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        // setsid keeps the postmaster out of the terminal's process group: Ctrl-C stops the app, the app stops the cluster.
        return OsProcess.Setsid is { } setsid
            ? OsProcess.RunAsync(setsid, [_binaries.PgCtl, .. args], _directory.ServiceUser, _options.StartTimeout + TimeSpan.FromSeconds(10), ct)
            : OsProcess.RunAsync(_binaries.PgCtl, args, _directory.ServiceUser, _options.StartTimeout + TimeSpan.FromSeconds(10), ct);
    }

    private string BuildConnectionString(ClusterCredentials credentials, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = credentials.User,
        Password = credentials.Password,
        MaxPoolSize = 100,
        // The same few statements run on every edit; preparing them saves PostgreSQL the parse and plan each time.
        MaxAutoPrepare = 64,
        AutoPrepareMinUsages = 2,
    }.ConnectionString;

    private async Task<bool> CanConnectAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Timeout=5;Pooling=false");
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private async Task EnsureDatabaseAsync(ClusterCredentials credentials, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
            exists.Parameters.AddWithValue(_options.DatabaseName);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"create database \"{_options.DatabaseName}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        }
        ConnectionString = BuildConnectionString(credentials, _options.DatabaseName);
    }

    /// <summary>Builds a connection string to another database in this cluster, creating it if needed (tests).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        var result = await PgCtlAsync(["stop", "-D", _directory.Path, "-m", "fast", "-w"], CancellationToken.None);
        if (result.Succeeded)
        {
            _logger.LogInformation("PostgreSQL in {DataDirectory} stopped", _directory.Path);
        }
        else
        {
            _logger.LogWarning("pg_ctl stop reported: {Output}", LastLines(result.Output));
        }
        ReleaseLock();
        if (_options.Throwaway)
        {
            try
            {
                Directory.Delete(_directory.Path, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning("Could not delete throwaway cluster {DataDirectory}: {Message}", _directory.Path, e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>What a SIGKILLed app leaves behind: the lock released by the OS, the postmaster still running.</summary>
    internal void AbandonLikeAKilledProcess()
    {
        _stopped = true;
        ReleaseLock();
    }

    private void ReleaseLock()
    {
        _lock?.Dispose();
        _lock = null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ReadFrom(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Max(offset, stream.Length - 4000), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string LastLines(string text) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
