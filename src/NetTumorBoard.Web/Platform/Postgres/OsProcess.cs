using System.Diagnostics;
using System.Text;

namespace NetTumorBoard.Web.Platform.Postgres;

/// <summary>Runs a program to completion and captures its output; optionally as another OS user (root only).</summary>
internal static class OsProcess
{
    public sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> arguments, string? asUser = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Run from a directory any user may enter: runuser keeps the caller's working directory.
            WorkingDirectory = "/",
        };
        if (asUser is null)
        {
            info.FileName = program;
        }
        else
        {
            info.FileName = Runuser;
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(asUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["LC_ALL"] = "C.UTF-8";
        info.Environment.Remove("PGDATA");

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = new StringBuilder();
        var readOut = PumpAsync(process.StandardOutput, output);
        var readErr = PumpAsync(process.StandardError, output);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish in time.");
        }
        await Task.WhenAll(readOut, readErr);
        return new Result(process.ExitCode, output.ToString().Trim());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }
        }
    }

    public static string Runuser { get; } =
        new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    /// <summary>setsid puts the postmaster in its own session so a terminal's Ctrl-C reaches only the app,
    /// which then stops the cluster itself after draining requests.</summary>
    public static string? Setsid { get; } =
        new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    public static bool UserExists(string user) =>
        File.Exists("/etc/passwd") &&
        File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));
}
