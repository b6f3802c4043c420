using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NetTumorBoard.Web.Platform.Telemetry;

public static class Telemetry
{
    public const string Name = "NetTumorBoard";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
}

public static class TelemetrySetup
{
    /// <summary>
    /// Structured console logs (JSON when NTB_LOG_FORMAT=json), OpenTelemetry traces and metrics for ASP.NET Core,
    /// HttpClient, Npgsql and Marten, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (traces are recorded
    /// only then).
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["NTB_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // Traces are recorded only when something receives them: an always-on sampler with no exporter would still build
        // an activity, with its tags and SQL text, for every request, database command and outgoing call (measured by
        // the coedit harness: a large share of an API call's time). Metrics are aggregated in memory and cost little.
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Telemetry.Name))
            .WithMetrics(m => m
                .AddMeter(Telemetry.Name, "Marten", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (export)
        {
            otel.WithTracing(t => t
                    .AddSource(Telemetry.Name, "Marten", "Npgsql")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
        return builder;
    }
}
