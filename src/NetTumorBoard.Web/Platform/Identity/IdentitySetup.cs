using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace NetTumorBoard.Web.Platform.Identity;

public static class Policies
{
    public const string SignedIn = "SignedIn";
    public const string Admin = "Admin";
    public const string Auditor = "Auditor";
    public const string GuidelineEditor = "GuidelineEditor";
}

public static class IdentitySetup
{
    public const string SignInPath = "/account/login";

    /// <summary>
    /// Identity on the app's PostgreSQL: the cookie for the UI, bearer tokens for the API (Identity's API endpoints
    /// at /api/auth). Anonymous API and hub calls get 401 problem details; pages redirect to the sign-in page.
    /// </summary>
    public static WebApplicationBuilder AddIdentityPlatform(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddDbContextFactory<IdentityDb>(o => o.UseNpgsql(connectionString,
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", IdentityDb.Schema)));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IdentityDb>>().CreateDbContext());
        // Keys live in the database so a cookie or token issued by one instance is valid on every other and after restarts.
        services.AddDataProtection().SetApplicationName("NetTumorBoard").PersistKeysToDbContext<IdentityDb>();

        services.AddIdentityApiEndpoints<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3; // passkeys
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<IdentityDb>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>();
        // Passkeys: the WebAuthn origin must be this app as the request reached it (or one listed in
        // Security:Passkeys:Origins, e.g. behind a proxy that does not forward the host). Identity's default compares it with
        // the request's Origin header, which browsers send as "null" on form posts under our Referrer-Policy: no-referrer.
        var passkeyOrigins = builder.Configuration.GetSection("Security:Passkeys:Origins").Get<string[]>() ?? [];
        var passkeyDomain = builder.Configuration["Security:Passkeys:ServerDomain"];
        services.Configure<IdentityPasskeyOptions>(o => o.ValidateOrigin = context =>
        {
            var request = context.HttpContext.Request;
            var self = $"{request.Scheme}://{request.Host}";
            var valid = !context.CrossOrigin && (string.Equals(context.Origin, self, StringComparison.OrdinalIgnoreCase)
                || passkeyOrigins.Contains(context.Origin, StringComparer.OrdinalIgnoreCase));
            return ValueTask.FromResult(valid);
        });
        if (!string.IsNullOrWhiteSpace(passkeyDomain))
        {
            // The relying-party id: the public host name, when the app sees another one behind a proxy.
            services.Configure<IdentityPasskeyOptions>(o => o.ServerDomain = passkeyDomain);
        }
        // Requests are authenticated by bearer token or cookie; a missing sign-in is answered by the cookie handler,
        // which redirects pages to the sign-in page and answers /api and /hubs with 401.
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            o.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
        });

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = "/access-denied";
            cookie.Cookie.Name = "ntb.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => RejectApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => RejectApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, p => p.RequireRole(GlobalRoles.Admin))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(GlobalRoles.Auditor))
            .AddPolicy(Policies.GuidelineEditor, p => p.RequireRole(GlobalRoles.GuidelineEditor));
        services.AddHttpContextAccessor();
        services.AddSingleton<MembershipCache>();
        services.AddScoped<CurrentUser>();
        return builder;
    }

    private static Task RejectApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApiOrHub(context.Request))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApiOrHub(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
