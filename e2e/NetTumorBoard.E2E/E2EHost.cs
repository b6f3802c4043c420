using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Postgres;
using NetTumorBoard.Web.Platform.Startup;

[assembly: AssemblyFixture(typeof(NetTumorBoard.E2E.E2EHost))]
// One browser scenario at a time: on a 2-core CI machine, parallel scenarios (each with up to three browsers) made
// timing-sensitive checks (live presence, "within a second") flaky without testing anything more.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace NetTumorBoard.E2E;

/// <summary>
/// The app in process on a real loopback port with its own throwaway PostgreSQL and the demo data, plus one
/// Debian Chromium driven by Playwright. Tests open their own browser contexts (one per simulated user).
/// </summary>
public sealed class E2EHost : IAsyncLifetime
{
    private EmbeddedPostgres? _cluster;
    private AppHost? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress => _app!.BaseAddress;

    /// <summary>The app's database, for tests that must hold it still at a precise moment.</summary>
    public string ConnectionString => _cluster!.ConnectionString;

    /// <summary>The hospital's identity provider the app is configured with (as it would be by settings in production).</summary>
    public NetTumorBoard.Tests.Support.FakeOidcProvider Idp { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string RepositoryRoot { get; } = FindRoot();
    public static string ArtifactsDirectory => Path.Combine(RepositoryRoot, "e2e", "artifacts");

    public async ValueTask InitializeAsync()
    {
        var parent = Path.Combine(Path.GetTempPath(), "ntb-tests");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(parent, $"e2e-{Guid.NewGuid():N}"),
            Throwaway = true,
        }, NullLogger.Instance);

        Idp = await NetTumorBoard.Tests.Support.FakeOidcProvider.StartAsync();
        _app = await AppHost.StartAsync(new AppHostOptions
        {
            Args = ["--urls=http://127.0.0.1:0"],
            EnvironmentName = "Development",
            ContentRootPath = Path.Combine(RepositoryRoot, "src", "NetTumorBoard.Web"),
            Database = new DatabaseEndpoint(_cluster.ConnectionString, null),
            Settings = new Dictionary<string, string?>
            {
                ["Demo:Seed"] = "true",
                // Open pages re-check their account every 2 s here (a minute in the app), so a test can watch it happen.
                ["Security:OpenPageRecheckSeconds"] = "2",
                // Every browser of every test signs in from 127.0.0.1.
                ["Security:RateLimits:SignInPerMinute"] = "1000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Authentication:Oidc:Authority"] = Idp.Authority,
                ["Authentication:Oidc:ClientId"] = NetTumorBoard.Tests.Support.FakeOidcProvider.ClientId,
                ["Authentication:Oidc:ClientSecret"] = NetTumorBoard.Tests.Support.FakeOidcProvider.ClientSecret,
                ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
                ["Authentication:Oidc:DisplayName"] = "St. Elsewhere SSO",
                ["Authentication:Oidc:Claims:Roles"] = "groups",
                ["Authentication:Oidc:RoleMap:tb-net-members"] = $"board:{NetTumorBoard.Web.Demo.DemoData.NetBoardId}:Member",
            },
        });

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NTB_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>Sets up a case through the public API, as an integration would, and returns its id.</summary>
    public async Task<Guid> CreateCaseAsync(string email, string pseudonym, object? tumor = null, string? question = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = NetTumorBoard.Web.Demo.DemoData.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await client.PostAsJsonAsync($"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/cases",
            new { patient = new { pseudonym }, tumor, question });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An API client signed in as a demo user (bearer token), for tests that must call at a precise moment.</summary>
    public async Task<HttpClient> ApiClientAsync(string email)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = NetTumorBoard.Web.Demo.DemoData.Password });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>
    /// Holds a case's stream row in a transaction of its own until disposed: every write to the case waits for it, and a
    /// section edit gives up after its lock wait (as when another transaction holds the case for long).
    /// </summary>
    public async Task<IAsyncDisposable> HoldCaseAsync(Guid caseId)
    {
        var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var hold = await connection.BeginTransactionAsync();
        await using (var lockCase = new Npgsql.NpgsqlCommand($"select 1 from {NetTumorBoard.Web.Platform.Marten.MartenSetup.Schema}.mt_streams where id = $1 for update", connection, hold))
        {
            lockCase.Parameters.AddWithValue(caseId);
            await lockCase.ExecuteScalarAsync();
        }
        return new CaseHold(connection, hold);
    }

    private sealed class CaseHold(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction hold) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await hold.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Calls the public API as a demo user (set-up steps an integration could do).</summary>
    public async Task<JsonElement> ApiAsync(string email, HttpMethod method, string path, object? body = null)
    {
        using var client = await ApiClientAsync(email);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    private static string FindRoot()
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
