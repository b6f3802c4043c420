using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Postgres;

namespace NetTumorBoard.Tests.Platform;

/// <summary>The app run as a process on its embedded database, killed in the worst ways, then started again.</summary>
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static async Task<HttpClient> SignInAsync(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "chair@demo.local", password = DemoData.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<Guid> CreateCaseAsync(HttpClient client, string pseudonym)
    {
        var response = await client.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/cases", new { patient = new { pseudonym } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<(AppProcess App, HttpClient Client)> StartAsync(string dataDir)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{AppProcess.FreePort()}/");
        var app = AppProcess.Start(new Dictionary<string, string?> { ["NTB_DATA_DIR"] = dataDir }, "--urls", baseAddress.ToString().TrimEnd('/'));
        await app.WaitUntilReadyAsync(baseAddress, StartTimeout);
        return (app, await SignInAsync(baseAddress));
    }

    [Fact]
    public async Task SIGKILL_of_the_app_and_then_of_the_database_loses_nothing_committed()
    {
        var dataDir = TestPaths.NewTempDirectory("proc-crash");

        var (first, client) = await StartAsync(dataDir);
        await using var firstProcess = first; // stopped even when an assertion fails first
        var beforeFirstKill = await CreateCaseAsync(client, "KILL-1");
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // The postmaster survived the app: the next start adopts it instead of starting a second one.
        var survivor = PostmasterPidFile.TryRead(dataDir)!;
        var (second, client2) = await StartAsync(dataDir);
        await using var secondProcess = second; // stopped even when an assertion fails first
        Assert.Contains("Adopted the PostgreSQL cluster", second.StandardOutput);
        Assert.Equal(survivor.ProcessId, PostmasterPidFile.TryRead(dataDir)!.ProcessId);
        Assert.Equal(HttpStatusCode.OK, (await client2.GetAsync($"/api/cases/{beforeFirstKill}")).StatusCode);
        var beforeSecondKill = await CreateCaseAsync(client2, "KILL-2");

        // Now the machine "crashes": app and postmaster die, postmaster.pid stays behind.
        second.Kill();
        await second.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Process.GetProcessById(survivor.ProcessId).Kill();
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{survivor.ProcessId}"); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(File.Exists(PostmasterPidFile.PathIn(dataDir)));

        var (third, client3) = await StartAsync(dataDir);
        await using var thirdProcess = third; // stopped even when an assertion fails first
        Assert.Contains("Removing stale postmaster.pid", third.StandardOutput);
        Assert.Equal(HttpStatusCode.OK, (await client3.GetAsync($"/api/cases/{beforeFirstKill}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client3.GetAsync($"/api/cases/{beforeSecondKill}")).StatusCode);

        // Ctrl-C: the app drains, stops its cluster and exits 0.
        third.Interrupt();
        int exit;
        try
        {
            exit = await third.WaitForExitAsync(TimeSpan.FromSeconds(60)); // a shutdown checkpoint after crash recovery, fsync on
        }
        catch (TaskCanceledException)
        {
            Assert.Fail($"The app did not stop within 60 s of Ctrl-C.\n{third.StandardOutput}\n{third.StandardError}");
            throw;
        }
        Assert.Equal(0, exit);
        Assert.False(File.Exists(PostmasterPidFile.PathIn(dataDir)), third.StandardOutput);
        Directory.Delete(dataDir, recursive: true);
    }
}
