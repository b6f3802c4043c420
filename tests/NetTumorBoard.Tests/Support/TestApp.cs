using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Tests.Support;

/// <summary>
/// The real app, in process, on a real loopback port, with its own database seeded with the demo board.
/// Test classes share one per class (IClassFixture); they create their own cases, so tests stay independent.
/// </summary>
public class TestApp(TestCluster cluster) : IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = [];
    private AppHost? _host;

    public AppHost Host => _host ?? throw new InvalidOperationException("The app is not running.");
    public Uri BaseAddress => Host.BaseAddress;
    public IServiceProvider Services => Host.Services;
    public string ConnectionString { get; private set; } = "";

    public static readonly JsonSerializerOptions Json = CreateJson();

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await cluster.NewDatabaseAsync(GetType().Name);
        _host = await StartInstanceAsync(ConnectionString, configure: Configure, settings: Settings());
    }

    /// <summary>Settings a test class adds (read at composition, e.g. hospital sign-in).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    /// <summary>Services a test class replaces (e.g. the clock), after the app's own composition.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>Another app instance on the same database (multi-node tests).</summary>
    public static Task<AppHost> StartInstanceAsync(string connectionString, bool seed = true, Action<WebApplicationBuilder>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        AppHost.StartAsync(new AppHostOptions
        {
            ConfigureBuilder = configure,
            Args = ["--urls=http://127.0.0.1:0"],
            EnvironmentName = "Testing",
            ContentRootPath = Path.Combine(TestPaths.RepositoryRoot, "src", "NetTumorBoard.Web"),
            Database = new DatabaseEndpoint(connectionString, null),
            Settings = new Dictionary<string, string?>
            {
                ["Database:ApplySchemaOnStart"] = "true",
                ["Demo:Seed"] = seed ? "true" : "false",
                // Tests sign in and call the API far faster than people; the limiter has its own test with low limits.
                ["Security:RateLimits:SignInPerMinute"] = "1000",
                ["Security:RateLimits:ApiPerMinute"] = "100000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
            }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        });

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A new account (demo password, confirmed e-mail) on no board yet.</summary>
    public async Task<(Guid Id, string Email)> NewUserAsync(string displayName, NetTumorBoard.Web.Platform.Identity.Discipline discipline, string prefix = "new")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>();
        var email = $"{prefix}-{Guid.NewGuid():N}"[..16] + "@test.local";
        var user = new NetTumorBoard.Web.Platform.Identity.AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, Discipline = discipline,
        };
        Assert.True((await users.CreateAsync(user, NetTumorBoard.Web.Demo.DemoData.Password)).Succeeded);
        return (user.Id, email);
    }

    public async Task<string> TokenAsync(string email)
    {
        if (_tokens.TryGetValue(email, out var token))
        {
            return token;
        }
        using var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoData.Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return _tokens[email] = body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Signs in again (tokens are cached per email; a moved clock outdates them).</summary>
    public Task<HttpClient> SignedInAgainAsync(string email = "chair@demo.local")
    {
        _tokens.Remove(email);
        return SignedInAsync(email);
    }

    public async Task<HttpClient> SignedInAsync(string email = "chair@demo.local")
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return client;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Composition.ConfigureJson(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}
