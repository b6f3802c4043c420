using System.Security.Claims;
using IQuerySession = Marten.IQuerySession;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Boards.Membership;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Startup;
using NetTumorBoard.Web.Users;

namespace NetTumorBoard.Web.Account.Sso;

/// <summary>
/// Sign-in through the hospital's identity provider (OpenID Connect, authorization code with PKCE). The handler signs the
/// person into Identity's external cookie; the callback finds or creates the account, applies the claim mapping
/// (discipline, global roles, board roles) and signs into the app's own cookie. Local two-factor is not asked again:
/// the identity provider owns the strength of that sign-in.
/// </summary>
public static class ExternalSignIn
{
    public static void AddOidcSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OidcSettings.Section).Get<OidcSettings>() ?? new OidcSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddScoped<ExternalAccounts>();
        if (!settings.Enabled)
        {
            return;
        }
        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new StartupFailure("hospital sign-in is misconfigured: " + string.Join(" ", problems));
        }
        builder.Services.AddAuthentication().AddOpenIdConnect(OidcSettings.Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.CallbackPath = settings.CallbackPath;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.ResponseType = "code";
            o.UsePkce = true;
            // Query (not form_post): the return is a top-level GET, so the correlation cookies can stay SameSite=Lax and
            // work over plain http on a test machine as well as https.
            o.ResponseMode = "query";
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            foreach (var scope in settings.Scopes)
            {
                o.Scope.Add(scope);
            }
            o.GetClaimsFromUserInfoEndpoint = settings.GetClaimsFromUserInfoEndpoint;
            // Claims that arrive only from the userinfo endpoint are kept under the configured names (not just the standard ones).
            foreach (var claim in new[] { settings.Claims.Email, settings.Claims.Name, settings.Claims.Discipline, settings.Claims.EmailVerified })
            {
                if (!string.IsNullOrEmpty(claim))
                {
                    o.ClaimActions.MapUniqueJsonKey(claim, claim);
                }
            }
            o.ClaimActions.MapJsonKey(settings.Claims.Roles, settings.Claims.Roles);
            // Claim names stay as the IdP sends them, so the names in settings are the names on the wire.
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = settings.Claims.Name;
            o.TokenValidationParameters.RoleClaimType = settings.Claims.Roles;
            o.Events.OnTicketReceived = context =>
            {
                // Identity's external login needs the subject as NameIdentifier.
                if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimTypes.NameIdentifier) is null
                    && identity.FindFirst(settings.Claims.Subject)?.Value is { Length: > 0 } subject)
                {
                    identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
                }
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NetTumorBoard.Security")
                    .LogWarning("Hospital sign-in failed: {Message}", context.Failure?.Message);
                context.Response.Redirect(IdentitySetup.SignInPath + "?error=sso");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static void MapExternalSignIn(this IEndpointRouteBuilder app)
    {
        // A form post (antiforgery-checked) so that another site cannot start a sign-in on someone's behalf.
        app.MapPost("/account/external", ([FromForm] string? returnUrl, SignInManager<AppUser> signIn, OidcSettings settings) =>
            {
                if (!settings.Enabled)
                {
                    throw CommandRejected.NotFound("Hospital sign-in");
                }
                var callback = "/account/external/callback?returnUrl=" + Uri.EscapeDataString(ReturnUrls.Safe(returnUrl));
                return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(OidcSettings.Scheme, callback), [OidcSettings.Scheme]);
            })
            .AllowAnonymous();

        app.MapGet("/account/external/callback", async (string? returnUrl, HttpContext http, SignInManager<AppUser> signIn, ExternalAccounts accounts,
                CancellationToken ct) =>
            {
                var info = await signIn.GetExternalLoginInfoAsync();
                if (info is null)
                {
                    return Results.Redirect(IdentitySetup.SignInPath + "?error=sso");
                }
                var problem = await accounts.SignInAsync(info, ct);
                await http.SignOutAsync(IdentityConstants.ExternalScheme);
                return problem is null ? Results.LocalRedirect(ReturnUrls.Safe(returnUrl)) : Results.Redirect(IdentitySetup.SignInPath + "?error=" + problem);
            })
            .AllowAnonymous();
    }

    /// <summary>What the sign-in page says for each ?error= code the SSO flow can return with.</summary>
    public static string? Message(string? code) => code switch
    {
        "sso" => "Hospital sign-in did not complete. Try again, or sign in with your password.",
        "sso-unknown" => "Your hospital account has no NetTumorBoard account yet. Ask an administrator to create it.",
        "sso-claims" => "The hospital sign-in did not say who you are (no subject or e-mail). Ask IT to release these claims.",
        "sso-conflict" => "Your hospital account could not be attached to a NetTumorBoard account. Ask an administrator.",
        "disabled" => "This account is disabled. Ask an administrator.",
        "locked" => "This account is locked after too many failed attempts. Try again in a few minutes.",
        _ => null,
    };
}

/// <summary>Finds or creates the account for an SSO sign-in, applies the claim mapping, signs in. Returns an error code or null.</summary>
public sealed class ExternalAccounts(
    OidcSettings settings, UserManager<AppUser> users, SignInManager<AppUser> signIn, IQuerySession query, SharedTransaction transaction,
    IDbContextFactory<IdentityDb> identityDb, MembershipCache memberships, TimeProvider clock, ILogger<ExternalAccounts> logger)
{
    public async Task<string?> SignInAsync(ExternalLoginInfo info, CancellationToken ct)
    {
        var profile = OidcClaimMapping.Map(settings, info.Principal.Claims);
        if (profile.Subject.Length == 0)
        {
            return "sso-claims";
        }
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null && profile.Email is { } known && await users.FindByEmailAsync(known) is { } local)
        {
            // Attaching hands the local account to whoever the IdP vouches for: only for a verified address, never for an
            // administrator, never for a disabled account.
            if (!settings.LinkByEmail || !profile.EmailVerified || UserAdministration.IsDisabled(local)
                || await users.IsInRoleAsync(local, GlobalRoles.Admin))
            {
                logger.LogWarning("Hospital sign-in of {Subject} not attached to the existing account {Email} (linking off, address unverified, disabled or admin)",
                    profile.Subject, known);
                return UserAdministration.IsDisabled(local) ? "disabled" : "sso-conflict";
            }
            if (!(await users.AddLoginAsync(local, new UserLoginInfo(info.LoginProvider, info.ProviderKey, settings.DisplayName))).Succeeded)
            {
                return "sso-conflict";
            }
            logger.LogInformation("Hospital sign-in attached to the existing account {Email}", local.Email);
            user = local;
        }
        if (user is null)
        {
            if (!settings.AutoProvision)
            {
                logger.LogWarning("Hospital sign-in of {Subject} ({Email}) refused: no account and auto-provisioning is off", profile.Subject, profile.Email);
                return "sso-unknown";
            }
            if (profile.Email is null)
            {
                return "sso-claims";
            }
            user = new AppUser
            {
                UserName = profile.Email, Email = profile.Email, EmailConfirmed = profile.EmailVerified,
                DisplayName = Truncate(profile.Name ?? profile.Email), Discipline = profile.Discipline ?? Discipline.Other,
            };
            if (!(await users.CreateAsync(user)).Succeeded
                || !(await users.AddLoginAsync(user, new UserLoginInfo(info.LoginProvider, info.ProviderKey, settings.DisplayName))).Succeeded)
            {
                return "sso-conflict";
            }
            logger.LogInformation("Account {Email} created at its first hospital sign-in", user.Email);
        }
        if (UserAdministration.IsDisabled(user))
        {
            logger.LogWarning("Hospital sign-in refused for disabled account {Email}", user.Email);
            return "disabled";
        }
        if (await users.IsLockedOutAsync(user))
        {
            return "locked";
        }

        await ApplyProfileAsync(user, profile, ct);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcSettings.Scheme);
        logger.LogInformation("Hospital sign-in for {Email}", user.Email);
        return null;
    }

    /// <summary>Name, discipline and the mapped roles follow the identity provider on every sign-in.</summary>
    private async Task ApplyProfileAsync(AppUser user, SsoProfile profile, CancellationToken ct)
    {
        var changed = false;
        if (profile.Name is { } name && Truncate(name) != user.DisplayName)
        {
            (user.DisplayName, changed) = (Truncate(name), true);
        }
        if (profile.Discipline is { } discipline && discipline != user.Discipline)
        {
            (user.Discipline, changed) = (discipline, true);
        }
        if (changed)
        {
            await users.UpdateAsync(user);
        }
        var current = await users.GetRolesAsync(user);
        var remove = profile.ManagedGlobalRoles.Except(profile.GlobalRoles).Intersect(current).ToList();
        var add = profile.GlobalRoles.Except(current).ToList();
        if (remove.Count > 0)
        {
            await users.RemoveFromRolesAsync(user, remove);
        }
        if (add.Count > 0)
        {
            await users.AddToRolesAsync(user, add);
        }

        // Board roles: each change is the same board event a coordinator's change records, by the system on the IdP's word.
        foreach (var boardId in profile.ManagedBoardRoles.Keys)
        {
            if (await query.LoadAsync<Board>(boardId, ct) is null)
            {
                logger.LogWarning("Hospital sign-in maps a role to board {BoardId}, which does not exist", boardId);
                continue;
            }
            var members = (await BoardMembers.OfAsync(identityDb, [boardId], ct)).Select(m => m.Member).ToList();
            var held = members.FirstOrDefault(m => m.UserId == user.Id)?.Roles ?? [];
            var roles = profile.RolesOn(boardId, held);
            try
            {
                if (roles.Count > 0)
                {
                    if (ManageMembersSlice.DecideSet(boardId, new SetMemberRequest(roles), user, members, Actor.System, clock.GetUtcNow()) is { } set)
                    {
                        await ManageMembersSlice.WriteAsync(set, Actor.System, transaction, ct);
                    }
                }
                else if (held.Count > 0)
                {
                    await ManageMembersSlice.WriteAsync(ManageMembersSlice.DecideRemove(boardId, user.Id, members, Actor.System, clock.GetUtcNow()), Actor.System, transaction, ct);
                }
            }
            catch (CommandRejected e)
            {
                // E.g. the IdP no longer lists the board's only chair: the board keeps its chair until a coordinator decides.
                logger.LogWarning("Hospital sign-in left {Email}'s roles on board {BoardId} unchanged: {Reason}", user.Email, boardId, e.Message);
            }
        }
        memberships.Forget(user.Id);
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200];
}
