using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using NetTumorBoard.Web.Platform.Database;
using Npgsql;

namespace NetTumorBoard.Web.Platform.Startup;

/// <summary>The app's command line. Start-up problems print one clear line and exit 2, never a stack trace.</summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "migrate" => await MigrateAsync(args[1..]),
                "verify-ledger" => await VerifyLedgerAsync(args[1..]),
                "--help" or "-h" or "help" => Help(),
                _ => await ServeAsync(args),
            };
        }
        catch (Exception e) when (Explain(e) is { } message)
        {
            Console.Error.WriteLine($"NetTumorBoard could not start: {message}");
            return StartupFailure.ExitCode;
        }
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        await using var host = await AppHost.StartAsync(new AppHostOptions { Args = args });
        var mode = host.Database.IsEmbedded ? $"embedded PostgreSQL in {host.Database.Embedded!.DataDirectory}" : $"PostgreSQL at {host.Database.Describe()}";
        Console.WriteLine($"NetTumorBoard is running at {host.BaseAddress} ({mode}). Press Ctrl+C to stop.");
        if (host.Database.IsEmbedded)
        {
            Console.WriteLine("Demo sign-in: chair@demo.local / NetBoard-Demo-2026! (see README for all demo users)");
        }
        await host.App.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        await using var host = await AppHost.StartAsync(new AppHostOptions
        {
            Args = args,
            Settings = new Dictionary<string, string?> { ["Database:ApplySchemaOnStart"] = "true", ["Demo:Seed"] = "false", ["urls"] = "http://127.0.0.1:0" },
        });
        Console.WriteLine($"Schema applied to {host.Database.Describe()}.");
        return 0;
    }

    /// <summary>Recomputes every hash chain and checkpoint; exit 0 when intact, 3 when broken (first break printed).</summary>
    private static async Task<int> VerifyLedgerAsync(string[] args)
    {
        await using var host = await AppHost.StartAsync(new AppHostOptions
        {
            Args = args,
            Settings = new Dictionary<string, string?> { ["Demo:Seed"] = "false", ["urls"] = "http://127.0.0.1:0" },
        });
        var result = await host.Services.GetRequiredService<Audit.Ledger.LedgerVerifier>().VerifyAllAsync(CancellationToken.None);
        if (result.Valid)
        {
            Console.WriteLine($"Ledger intact: {result.CheckedEvents} events in {result.CheckedStreams} streams, {result.CheckedCheckpoints} checkpoints.");
            return 0;
        }
        foreach (var b in result.Breaks)
        {
            Console.WriteLine($"BROKEN stream {b.StreamId} at version {b.Version}: {b.Problem}");
        }
        if (result.FirstBrokenCheckpoint is { } checkpoint)
        {
            Console.WriteLine($"BROKEN checkpoint {checkpoint}: the events it covered have changed or gone.");
        }
        return 3;
    }

    private static int Help()
    {
        Console.WriteLine("""
            NetTumorBoard.Web [--urls URL] [migrate]
              (no verb)  serve the app (embedded PostgreSQL unless ConnectionStrings__Marten or NTB_DATABASE_URL is set)
              migrate    apply the database schema (Marten + Identity) to the configured database and exit
              verify-ledger  recompute the tamper-evident hash chains and checkpoints; exit 0 intact, 3 broken
            Environment: ASPNETCORE_URLS, NTB_DATA_DIR, NTB_PG_BIN, ConnectionStrings__Marten, NTB_DATABASE_URL,
                         OTEL_EXPORTER_OTLP_ENDPOINT, NTB_LOG_FORMAT=json
            """);
        return 0;
    }

    private static string? Explain(Exception e) => e switch
    {
        StartupFailure failure => failure.Message,
        IOException { InnerException: AddressInUseException } io => $"{io.Message} Choose another address with ASPNETCORE_URLS or --urls.",
        NpgsqlException or SocketException => $"PostgreSQL failed while preparing the database: {e.Message}",
        _ => null,
    };
}
