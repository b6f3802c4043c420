using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Web.Platform.Postgres;

/// <summary>Locates the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public sealed record PostgresBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public const string InstallHint =
        "Install the server with 'sudo apt-get install -y postgresql' (Debian/Ubuntu), " +
        "or set ConnectionStrings__Marten to use an existing PostgreSQL server.";

    /// <summary>
    /// Looks in <paramref name="explicitDirectory"/> only when given (NTB_PG_BIN); otherwise on PATH, then under
    /// /usr/lib/postgresql/*/bin, newest major version first.
    /// </summary>
    public static PostgresBinaries Locate(string? explicitDirectory)
    {
        var candidates = explicitDirectory is { Length: > 0 }
            ? [explicitDirectory]
            : PathDirectories().Concat(DebianDirectories());

        foreach (var dir in candidates)
        {
            if (IsComplete(dir))
            {
                return new PostgresBinaries(ResolveRealDirectory(dir));
            }
        }

        var where = explicitDirectory is { Length: > 0 }
            ? $"in {explicitDirectory} (NTB_PG_BIN)"
            : "on PATH or under /usr/lib/postgresql/*/bin";
        throw new StartupFailure($"PostgreSQL server programs (initdb, pg_ctl, postgres) were not found {where}. {InstallHint}");
    }

    private static bool IsComplete(string dir) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(name => File.Exists(Path.Combine(dir, name)));

    // /usr/local/bin/pg_ctl may be a symlink into /usr/lib/postgresql/N/bin; pg_ctl must find its siblings there.
    private static string ResolveRealDirectory(string dir)
    {
        var pgCtl = new FileInfo(Path.Combine(dir, "pg_ctl"));
        var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName is { } real ? Path.GetDirectoryName(real)! : dir;
    }

    private static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> DebianDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        return System.IO.Directory.GetDirectories(root)
            .Select(d => (dir: d, version: decimal.TryParse(Path.GetFileName(d), out var v) ? v : 0m))
            .OrderByDescending(x => x.version)
            .Select(x => Path.Combine(x.dir, "bin"));
    }
}
