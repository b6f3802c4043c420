using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Measures what an operator waits for: from `dotnet NetTumorBoard.Web.dll` to /health/ready answering 200, on the
/// embedded database. The first run includes initdb and seeding; later runs reuse the data directory (warm start).
/// Uses the Release build of the app next to this harness's repository.
/// </summary>
public static class StartupHarness
{
    public static async Task<int> RunAsync(int runs)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "NetTumorBoard.Web", "bin", "Release", "net10.0", "NetTumorBoard.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build -c Release ({dll} is missing).");
            return 1;
        }
        var dataDir = Path.Combine("/tmp", "ntb-tests", $"startup-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(dataDir)!);
        var timings = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var seconds = await MeasureOnceAsync(dll, dataDir);
            Console.WriteLine(run == 0 ? $"first start (initdb + schema + demo seed): {seconds:F2} s" : $"warm start {run}: {seconds:F2} s");
            if (run > 0)
            {
                timings.Add(seconds);
            }
        }
        timings.Sort();
        Console.WriteLine($"warm start to /health/ready over {runs} runs: min {timings[0]:F2} s, median {timings[timings.Count / 2]:F2} s, max {timings[^1]:F2} s");
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }

    private static async Task<double> MeasureOnceAsync(string dll, string dataDir)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["NTB_DATA_DIR"] = dataDir;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ConnectionStrings__Marten");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(25);
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        await process.WaitForExitAsync();
        return elapsed;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetTumorBoard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NetTumorBoard.sln not found");
    }
}
