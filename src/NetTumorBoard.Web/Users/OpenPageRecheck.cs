using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Users;

/// <summary>
/// An open page (a Blazor circuit) keeps the identity it was opened with; without this, an account disabled or stripped
/// of a role by an administrator kept working in a page already open until it was reloaded. Every minute each circuit
/// checks that its account still exists, is not disabled, and still holds every global role the page was opened with;
/// if not, the page's user becomes anonymous (its next command is refused; protected pages ask to sign in).
/// Deliberately not the security stamp: turning two-factor sign-in on rotates it, and the page where someone just did
/// that must not sign them out mid-sentence (their cookie is re-checked at the next page load, as before).
/// </summary>
internal sealed class OpenPageRecheck(ILoggerFactory loggers, IServiceScopeFactory scopes, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>How often: `Security:OpenPageRecheckSeconds` (default 60, 1–3600).</summary>
    protected override TimeSpan RevalidationInterval =>
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Security:OpenPageRecheckSeconds", 60), 1, 3600));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await StillValidAsync(state.User, scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    /// <summary>True while the principal's account exists, is enabled and holds every global role the principal carries.</summary>
    public static async Task<bool> StillValidAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true; // nothing to take away
        }
        if (await users.GetUserAsync(principal) is not { } user || UserAdministration.IsDisabled(user))
        {
            return false;
        }
        var held = await users.GetRolesAsync(user);
        return principal.FindAll(ClaimTypes.Role).All(r => held.Contains(r.Value));
    }
}
