using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetTumorBoard.Tests.Support;

/// <summary>The app as an operator runs it: `dotnet NetTumorBoard.Web.dll`, its own process, output captured.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private AppProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }
    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }
    public int ProcessId => _process.Id;

    public static AppProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.WebAppDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "ConnectionStrings__Marten", "NTB_DATABASE_URL", "NTB_DATA_DIR", "NTB_PG_BIN", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return new AppProcess(Process.Start(info)!);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes redirected output
        return _process.ExitCode;
    }

    public async Task WaitUntilReadyAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{StandardOutput}\n{StandardError}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Not ready within {timeout}:\n{StandardOutput}\n{StandardError}");
    }

    public void Kill() => _process.Kill();

    /// <summary>What Ctrl-C in a terminal sends. Fails at once, saying why, if the app ignores SIGINT (see <see cref="IgnoresInterrupt"/>).</summary>
    public void Interrupt()
    {
        if (IgnoresInterrupt(_process.Id))
        {
            throw new InvalidOperationException(
                "The app ignores SIGINT: it inherited an ignored SIGINT from the test run, which happens when the tests are " +
                "started as a background job (`… &`) of a non-interactive shell. Run ./test.sh in the foreground.");
        }
        Signal("-INT");
    }

    private void Signal(string signal) => Process.Start("kill", [signal, _process.Id.ToString()])!.WaitForExit();

    /// <summary>Whether SIGINT (bit 2 of SigIgn in /proc/PID/status) is ignored by that process.</summary>
    private static bool IgnoresInterrupt(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sink)
        {
            sink.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(IgnoresInterrupt(_process.Id) ? "-TERM" : "-INT");
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        await Task.CompletedTask;
        _process.Dispose();
    }
}
