using Npgsql;
using NetTumorBoard.Web.Platform.Postgres;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Web.Platform.Database;

/// <summary>
/// Where the app's PostgreSQL is: a configured server (ConnectionStrings:Marten or NTB_DATABASE_URL), or the
/// embedded cluster this process started. Embedded means demo mode: schema applied on start and demo data seeded.
/// </summary>
public sealed class DatabaseEndpoint(string connectionString, EmbeddedPostgres? embedded)
{
    public string ConnectionString { get; } = connectionString;
    public EmbeddedPostgres? Embedded { get; } = embedded;
    public bool IsEmbedded => Embedded is not null;

    public string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    public static async Task<DatabaseEndpoint> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken ct)
    {
        var configured = configuration.GetConnectionString("Marten");
        var url = configuration["NTB_DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(configured) || !string.IsNullOrWhiteSpace(url))
        {
            var connectionString = !string.IsNullOrWhiteSpace(configured)
                ? Validate(configured, "ConnectionStrings:Marten")
                : FromUrl(url!);
            await AssertReachableAsync(connectionString, ct);
            return new DatabaseEndpoint(connectionString, null);
        }

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = DefaultDataDirectory(configuration),
            BinariesDirectory = configuration["NTB_PG_BIN"],
        };
        var cluster = await EmbeddedPostgres.StartAsync(options, logger, ct);
        return new DatabaseEndpoint(cluster.ConnectionString, cluster);
    }

    /// <summary>
    /// NTB_DATA_DIR, else the user's local data folder. Root's home is private (0700) and the cluster runs as the
    /// postgres user, so root gets the system location /var/lib/nettumorboard instead.
    /// </summary>
    public static string DefaultDataDirectory(IConfiguration configuration)
    {
        if (configuration["NTB_DATA_DIR"] is { Length: > 0 } explicitDir)
        {
            return Path.GetFullPath(explicitDir);
        }
        if (Environment.IsPrivilegedProcess)
        {
            return "/var/lib/nettumorboard/pgdata";
        }
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(local, "nettumorboard", "pgdata");
    }

    private static string Validate(string connectionString, string source)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new StartupFailure($"{source} names no Host.");
            }
            return WithDefaults(builder).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new StartupFailure($"{source} is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }

    /// <summary>Accepts postgres://user:password@host:port/database?sslmode=require as well as key=value form.</summary>
    internal static string FromUrl(string url)
    {
        if (!url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Validate(url, "NTB_DATABASE_URL");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StartupFailure("NTB_DATABASE_URL is not a valid postgres:// URL.");
        }
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "nettumorboard",
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && kv.Length == 2 &&
                Enum.TryParse<SslMode>(kv[1], ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }
        return WithDefaults(builder).ConnectionString;
    }

    /// <summary>Statements repeated on every edit are prepared (unless the connection string says otherwise).</summary>
    private static NpgsqlConnectionStringBuilder WithDefaults(NpgsqlConnectionStringBuilder builder)
    {
        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        return builder;
    }

    private static async Task AssertReachableAsync(string connectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 10 };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Trim();
            throw new StartupFailure(
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}', user '{builder.Username}': " +
                $"{reason}. Check ConnectionStrings__Marten (or NTB_DATABASE_URL), or remove it to use the embedded database.", e);
        }
    }
}
