using System.Text.Json;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Web.Platform.Postgres;

/// <summary>
/// The data directory of the embedded cluster: created with mode 0700, handed to the postgres OS user when the
/// app runs as root, and checked for access before initdb or pg_ctl would fail with a less helpful message.
/// </summary>
internal sealed class ClusterDirectory(string path, string? serviceUser)
{
    private const string CredentialsFile = "ntb-credentials.json";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string? ServiceUser { get; } = serviceUser;
    public bool IsInitialized => File.Exists(System.IO.Path.Combine(Path, "PG_VERSION"));
    public string LogFile => System.IO.Path.Combine(Path, "ntb-postgres.log");
    public string LockFile => System.IO.Path.Combine(Path, "ntb-launcher.lock");

    public async Task PrepareAsync(CancellationToken ct)
    {
        try
        {
            var parent = System.IO.Path.GetDirectoryName(Path);
            if (parent is not null && !Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent);
            }
            if (!Directory.Exists(Path))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(Path);
                }
                else
                {
                    Directory.CreateDirectory(Path, OwnerOnly);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(e.Message, e);
        }

        if (ServiceUser is null)
        {
            AssertWritableByCurrentUser();
            return;
        }

        var chown = await OsProcess.RunAsync("chown", [$"{ServiceUser}:", Path], cancellationToken: ct);
        if (!chown.Succeeded)
        {
            throw Unwritable(chown.Output);
        }
        var probe = await OsProcess.RunAsync("test", ["-w", Path, "-a", "-x", Path], ServiceUser, cancellationToken: ct);
        if (!probe.Succeeded)
        {
            throw new StartupFailure(
                $"The data directory {Path} is not reachable by the '{ServiceUser}' OS user, which runs the embedded " +
                $"PostgreSQL when the app runs as root ({BlockingAncestor() ?? "a parent directory denies access"}). " +
                "Set NTB_DATA_DIR to a directory outside private home folders, e.g. /var/lib/nettumorboard/pgdata.");
        }
    }

    private void AssertWritableByCurrentUser()
    {
        var probe = System.IO.Path.Combine(Path, $".ntb-write-probe-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(e.Message, e);
        }
    }

    private StartupFailure Unwritable(string reason, Exception? inner = null) => new(
        $"The data directory {Path} cannot be created or written ({reason.Trim()}). " +
        "Set NTB_DATA_DIR to a directory this user can write, or configure ConnectionStrings__Marten.", inner);

    private string? BlockingAncestor()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        for (var dir = System.IO.Path.GetDirectoryName(Path); dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                return $"{dir} has mode {Convert.ToString((int)mode, 8)}";
            }
        }
        return null;
    }

    public async Task HandOverAsync(string file, CancellationToken ct)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (ServiceUser is not null)
        {
            await OsProcess.RunAsync("chown", [$"{ServiceUser}:", file], cancellationToken: ct);
        }
    }

    public async Task SaveCredentialsAsync(ClusterCredentials credentials, CancellationToken ct)
    {
        var file = System.IO.Path.Combine(Path, CredentialsFile);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(credentials), ct);
        await HandOverAsync(file, ct);
    }

    public ClusterCredentials LoadCredentials()
    {
        var file = System.IO.Path.Combine(Path, CredentialsFile);
        if (!File.Exists(file))
        {
            throw new StartupFailure(
                $"The data directory {Path} holds a PostgreSQL cluster that NetTumorBoard did not create ({CredentialsFile} is missing). " +
                "Point NTB_DATA_DIR at an empty or NetTumorBoard-created directory.");
        }
        return JsonSerializer.Deserialize<ClusterCredentials>(File.ReadAllText(file))
            ?? throw new StartupFailure($"{file} is unreadable; delete the data directory to start afresh.");
    }
}

internal sealed record ClusterCredentials(string User, string Password);
