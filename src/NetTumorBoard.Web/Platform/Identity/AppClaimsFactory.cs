using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>Puts display name and discipline into the cookie and bearer token so events can name the actor without a lookup.</summary>
internal sealed class AppClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Actor.NameClaim, user.DisplayName));
        identity.AddClaim(new Claim(Actor.DisciplineClaim, user.Discipline.ToString()));
        return identity;
    }
}
