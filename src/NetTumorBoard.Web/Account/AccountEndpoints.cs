using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a form POST (antiforgery-checked) so a link cannot sign anyone out.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(IdentitySetup.SignInPath);
        }).RequireAuthorization(Policies.SignedIn);
}
