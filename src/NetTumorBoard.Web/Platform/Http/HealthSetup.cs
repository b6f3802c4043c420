using Microsoft.Extensions.Diagnostics.HealthChecks;
using NetTumorBoard.Web.Platform.Database;

namespace NetTumorBoard.Web.Platform.Http;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("postgresql", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live: the process answers. /health/ready: PostgreSQL answers and the schema is in place.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}

internal sealed class DatabaseReadyCheck(DatabaseEndpoint database) : IHealthCheck
{
    private volatile bool _schemaSeen;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!_schemaSeen)
            {
                _schemaSeen = await DatabasePreparation.SchemaInPlaceAsync(database, ct);
                return _schemaSeen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Schema not applied yet (run the migrate command).");
            }
            await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }
}
