using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NetTumorBoard.Web.Platform.Database;

namespace NetTumorBoard.Web.Platform.Startup;

public sealed record AppHostOptions
{
    public string[] Args { get; init; } = [];
    public string? EnvironmentName { get; init; }
    public string? ContentRootPath { get; init; }

    /// <summary>A database chosen by the caller (tests); otherwise resolved from configuration or started embedded.</summary>
    public DatabaseEndpoint? Database { get; init; }

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }
}

/// <summary>
/// Builds, prepares and starts the app on a real port. Program.Main and the tests (integration, e2e, benchmarks)
/// go through here, so they run the same composition.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    // The embedded cluster logs before the host exists and after it stops, so it gets its own console logger.
    private static readonly ILoggerFactory BootLogging = LoggerFactory.Create(l => l.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss ";
    }));

    private readonly bool _ownsDatabase;

    private AppHost(WebApplication app, DatabaseEndpoint database, bool ownsDatabase)
    {
        App = app;
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public WebApplication App { get; }
    public DatabaseEndpoint Database { get; }
    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
        .Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");

    public static async Task<AppHost> StartAsync(AppHostOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = options.Args,
            EnvironmentName = options.EnvironmentName,
            // appsettings*.json and wwwroot sit next to the app (build or publish output), wherever it is started from.
            ContentRootPath = options.ContentRootPath ?? AppContext.BaseDirectory,
            ApplicationName = typeof(AppHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        AssertPortsFree(builder.Configuration["urls"] ?? DefaultUrl);

        var database = options.Database
            ?? await DatabaseEndpoint.ResolveAsync(builder.Configuration, BootLogging.CreateLogger("NetTumorBoard.Database"), ct);
        var ownsDatabase = options.Database is null;
        try
        {
            builder.AddNetTumorBoard(database);
            options.ConfigureBuilder?.Invoke(builder);
            var app = builder.Build();
            app.UseNetTumorBoard();
            await DatabasePreparation.RunAsync(app.Services, ct);
            await app.StartAsync(ct);
            return new AppHost(app, database, ownsDatabase);
        }
        catch
        {
            if (ownsDatabase && database.Embedded is { } cluster)
            {
                await cluster.StopAsync();
            }
            throw;
        }
    }

    /// <summary>Kestrel would log a critical stack trace for a taken port; say it in one line instead.</summary>
    private static void AssertPortsFree(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalized = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port == 0)
            {
                continue;
            }
            var address = uri.Host switch
            {
                "localhost" => IPAddress.Loopback,
                _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) => ip,
                _ => IPAddress.Any,
            };
            try
            {
                using var probe = new TcpListener(address, uri.Port);
                probe.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new StartupFailure($"Port {uri.Port} on {uri.Host} is already in use, so {url} cannot be served. " +
                    "Stop whatever uses it, or choose another address with ASPNETCORE_URLS or --urls.");
            }
            catch (SocketException e)
            {
                throw new StartupFailure($"Cannot listen on {url}: {e.Message}. Choose another address with ASPNETCORE_URLS or --urls.");
            }
        }
    }

    public async Task StopAsync()
    {
        await App.StopAsync();
        if (_ownsDatabase && Database.Embedded is { } cluster)
        {
            await cluster.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }
}
