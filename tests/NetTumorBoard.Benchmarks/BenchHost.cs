using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Postgres;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// The app in process on a loopback port, on its own PostgreSQL cluster with production durability (fsync and
/// synchronous commit on), seeded with the demo board.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private EmbeddedPostgres _cluster = default!;
    private AppHost _app = default!;

    public Uri BaseAddress => _app.BaseAddress;
    public string ConnectionString => _cluster.ConnectionString;
    public IServiceProvider Services => _app.Services;

    public static async Task<BenchHost> StartAsync()
    {
        var host = new BenchHost();
        var parent = Path.Combine("/tmp", "ntb-tests");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        host._cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(parent, $"bench-{Guid.NewGuid():N}") }, NullLogger.Instance);
        host._app = await AppHost.StartAsync(new AppHostOptions
        {
            Args = ["--urls=http://127.0.0.1:0"],
            EnvironmentName = "Production",
            Database = new DatabaseEndpoint(host._cluster.ConnectionString, null),
            Settings = new Dictionary<string, string?>
            {
                ["Database:ApplySchemaOnStart"] = "true",
                ["Demo:Seed"] = "true",
                // Load harnesses drive one user far beyond a person's pace.
                ["Security:RateLimits:SignInPerMinute"] = "100000",
                ["Security:RateLimits:ApiPerMinute"] = "10000000",
                ["Security:RateLimits:HubCallsPerSecond"] = "100000",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        return host;
    }

    public async Task<HttpClient> SignedInAsync(string email = "chair@demo.local")
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return client;
    }

    public async Task<string> TokenAsync(string email)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoData.Password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static async Task<Guid> CreateCaseAsync(HttpClient client, string pseudonym)
    {
        var response = await client.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/cases", new { patient = new { pseudonym } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cluster.StopAsync();
        Directory.Delete(_cluster.DataDirectory, recursive: true);
    }
}
