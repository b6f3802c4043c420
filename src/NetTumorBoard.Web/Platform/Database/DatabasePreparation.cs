using JasperFx;
using Marten;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Platform.Database;

public sealed record DatabaseSettings(bool ApplySchemaOnStart, bool SeedDemo);

/// <summary>Database objects a feature adds beside Marten's (functions, triggers, tables), applied with the schema.</summary>
public interface IDatabaseObjects
{
    Task ApplyAsync(string connectionString, CancellationToken ct);
}

/// <summary>Schema (Marten objects and Identity's EF migrations) and demo data, before the app takes requests.</summary>
public static class DatabasePreparation
{
    public static async Task ApplySchemaAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        foreach (var objects in services.GetServices<IDatabaseObjects>())
        {
            await objects.ApplyAsync(services.GetRequiredService<DatabaseEndpoint>().ConnectionString, ct);
        }
        await using var scope = services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        await identity.Database.MigrateAsync(ct);
    }

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        if (settings.ApplySchemaOnStart)
        {
            await ApplySchemaAsync(services, ct);
        }
        // The guideline library is product content, loaded in every mode (idempotently) once the schema exists;
        // in production that is after the `migrate` verb, which runs this too.
        if (settings.ApplySchemaOnStart || await SchemaInPlaceAsync(services.GetRequiredService<DatabaseEndpoint>(), ct))
        {
            await services.GetRequiredService<NetTumorBoard.Web.Guidelines.Library.GuidelineLibrary>().SeedAsync(ct);
        }
        if (settings.SeedDemo)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        }
    }

    /// <summary>True once Marten's event tables and Identity's tables exist (readiness).</summary>
    public static async Task<bool> SchemaInPlaceAsync(DatabaseEndpoint database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{MartenSetup.Schema}.mt_events') is not null and to_regclass('{IdentityDb.Schema}.\"AspNetUsers\"') is not null",
            connection);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}
