using Microsoft.AspNetCore.SignalR;
using NetTumorBoard.Web.Platform.Security;
using System.Text.Json;
using MudBlazor.Services;
using NetTumorBoard.Web.Account;
using NetTumorBoard.Web.Account.Sso;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Components;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Meetings;
using NetTumorBoard.Web.Reviews;
using NetTumorBoard.Web.Audit;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;
using NetTumorBoard.Web.Platform.Telemetry;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Platform.Startup;

/// <summary>The whole app's registration and pipeline; each area registers its own parts.</summary>
public static class Composition
{
    public static WebApplicationBuilder AddNetTumorBoard(this WebApplicationBuilder builder, DatabaseEndpoint database)
    {
        var config = builder.Configuration;
        var applySchema = config.GetValue<bool?>("Database:ApplySchemaOnStart") ?? (builder.Environment.IsDevelopment() || database.IsEmbedded);
        var seedDemo = config.GetValue<bool?>("Demo:Seed") ?? database.IsEmbedded;

        builder.AddTelemetry();
        // A section is at most 20,000 characters; 1 MB leaves room for any escaping and refuses floods early (413).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1_048_576);
        var services = builder.Services;
        services.AddSingleton(database);
        services.AddSingleton(new DatabaseSettings(applySchema, seedDemo));
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddMartenPlatform(database.ConnectionString, applySchema, o => o.ConfigureBoards(), o => o.ConfigureCases(), o => o.ConfigureGuidelines(), o => o.ConfigureDecisions(), o => o.ConfigureMeetings(), o => o.ConfigureReviews(),
            o => o.Schema.For<PresenceEntry>().Index(e => e.CaseId));
        services.AddSingleton<SharedTransaction>();
        builder.AddIdentityPlatform(database.ConnectionString);
        builder.AddOidcSignIn();
        builder.AddCases();
        builder.AddGuidelines();
        builder.AddMeetings();
        builder.AddAudit();
        services.AddSingleton<UserDirectory>();
        services.AddScoped<DemoSeeder>();
        services.AddChangeFeed();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<PresenceRegistry>();
        services.AddSingleton<HubConnections>();
        services.AddHostedService<PresenceHeartbeat>();
        services.AddHostedService<HubRelay>();

        services.AddApiProblemDetails();
        services.AddHealth();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddSecurity(builder.Configuration);
        Users.UserAdministration.AddUserAdministration(services);
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions))
            .AddHubOptions<BoardHub>(o => o.AddFilter<HubCallLimiter>());

        // A section editor sends up to 20,000 characters per message over the circuit.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        services.AddCascadingAuthenticationState();
        // Messages at the bottom left: at the top right they covered the meeting bar's actions and the account menu.
        services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options) => JsonDefaults.Configure(options);

    public static WebApplication UseNetTumorBoard(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseWhen(c => IdentitySetup.IsApiOrHub(c.Request), api => api.UseStatusCodePages());
        app.UseWhen(c => !IdentitySetup.IsApiOrHub(c.Request), ui => ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        // Accounts are created by administrators (and the demo seed), never by self-registration.
        auth.AddEndpointFilter(async (context, next) => context.HttpContext.Request.Path.Value?.EndsWith("/register", StringComparison.OrdinalIgnoreCase) == true
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Self-registration is disabled; an administrator creates accounts.")
            : await next(context));
        auth.MapIdentityApi<AppUser>();
        var api = app.MapGroup("/api").RequireAuthorization(Policies.SignedIn).WithTags("NetTumorBoard");
        api.MapBoardsApi();
        api.MapCasesApi();
        api.MapGuidelinesApi();
        api.MapDecisionsApi();
        api.MapMeetingsApi();
        api.MapReviewsApi();
        api.MapAuditApi();
        Users.UserAdministration.Map(api);
        app.MapHub<BoardHub>("/hubs/board").RequireAuthorization(Policies.SignedIn);
        app.MapAccountEndpoints();
        app.MapPasskeyEndpoints();
        app.MapExternalSignIn();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
