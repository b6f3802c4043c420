namespace NetTumorBoard.Web.Platform.Postgres;

/// <summary>
/// The postmaster.pid lock file a running (or crashed) cluster leaves in its data directory:
/// line 1 the PID, line 2 the data directory, line 4 the port.
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, string DataDirectory, int Port)
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "postmaster.pid");

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }
        var pid = lines.Length > 0 && int.TryParse(lines[0].Trim(), out var p) ? p : 0;
        var port = lines.Length > 3 && int.TryParse(lines[3].Trim(), out var n) ? n : 0;
        return new PostmasterPidFile(pid, lines.Length > 1 ? lines[1].Trim() : "", port);
    }

    /// <summary>
    /// True when the PID belongs to a live postgres process serving this data directory. A PID reused by an
    /// unrelated process after a crash or reboot counts as not running, so the stale file can be removed.
    /// </summary>
    public bool BelongsToLivePostmaster(string dataDirectory)
    {
        if (ProcessId <= 0)
        {
            return false;
        }
        try
        {
            var comm = File.ReadAllText($"/proc/{ProcessId}/comm").Trim();
            if (!comm.StartsWith("postgres", StringComparison.Ordinal))
            {
                return false;
            }
            var cmdline = File.ReadAllText($"/proc/{ProcessId}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(dataDirectory, StringComparison.Ordinal)
                || string.Equals(DataDirectory, dataDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
