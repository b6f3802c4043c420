using System.Buffers.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Account;

public sealed record AddPasskeyRequest(string? Name, string? Credential);

public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// Passkeys (WebAuthn) on top of ASP.NET Core Identity: a signed-in user adds one on the security page, and signs in
/// with it on the sign-in page instead of password and code. The browser talks to these endpoints with the cookie and
/// an antiforgery header; Identity keeps the ceremony's challenge in its own short-lived cookie between the two steps.
/// </summary>
public static class Passkeys
{
    public const int MaxPerAccount = 10;
    public const int MaxNameLength = 60;

    public static void MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account/passkeys").DisableAntiforgery(); // validated explicitly below (JSON bodies)

        group.MapPost("/creation-options", async (HttpContext http, IAntiforgery antiforgery, UserManager<AppUser> users, SignInManager<AppUser> signIn) =>
            {
                await RequireAntiforgeryAsync(http, antiforgery);
                var user = await users.GetUserAsync(http.User) ?? throw CommandRejected.NotFound("Account");
                if ((await users.GetPasskeysAsync(user)).Count >= MaxPerAccount)
                {
                    throw CommandRejected.Invalid("credential", $"An account holds at most {MaxPerAccount} passkeys; remove one first.");
                }
                var json = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
                {
                    Id = user.Id.ToString(), Name = user.Email ?? user.UserName ?? user.Id.ToString(), DisplayName = user.DisplayName,
                });
                return Results.Content(json, "application/json");
            })
            .RequireAuthorization(Policies.SignedIn);

        group.MapPost("", async (AddPasskeyRequest request, HttpContext http, IAntiforgery antiforgery, UserManager<AppUser> users,
                SignInManager<AppUser> signIn, ILoggerFactory logs) =>
            {
                await RequireAntiforgeryAsync(http, antiforgery);
                var user = await users.GetUserAsync(http.User) ?? throw CommandRejected.NotFound("Account");
                var name = request.Name?.Trim() ?? "";
                var errors = new FieldErrors();
                errors.Check(name.Length is > 0 and <= MaxNameLength, "name", $"Name the passkey (up to {MaxNameLength} characters), e.g. \"Work laptop\".");
                errors.Check(!string.IsNullOrWhiteSpace(request.Credential), "credential", "The browser sent no passkey.");
                errors.ThrowIfAny();
                var existing = await users.GetPasskeysAsync(user);
                errors.Check(existing.Count < MaxPerAccount, "credential", $"An account holds at most {MaxPerAccount} passkeys; remove one first.");
                errors.Check(!existing.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)), "name", "You already have a passkey with this name.");
                errors.ThrowIfAny();

                var attested = await signIn.PerformPasskeyAttestationAsync(request.Credential!);
                if (!attested.Succeeded)
                {
                    logs.CreateLogger("NetTumorBoard.Security").LogWarning("Passkey registration refused for {User}: {Reason}", user.Email, attested.Failure.Message);
                    throw CommandRejected.Invalid("credential", "The passkey could not be verified: " + attested.Failure.Message);
                }
                if (attested.UserEntity.Id != user.Id.ToString())
                {
                    throw CommandRejected.Invalid("credential", "The passkey was made for another account.");
                }
                attested.Passkey.Name = name;
                var saved = await users.AddOrUpdatePasskeyAsync(user, attested.Passkey);
                if (!saved.Succeeded)
                {
                    throw CommandRejected.Invalid("credential", string.Join(" ", saved.Errors.Select(e => e.Description)));
                }
                logs.CreateLogger("NetTumorBoard.Security").LogInformation("Passkey '{Name}' added for {User}", name, user.Email);
                return TypedResults.Created("/account/security", View(attested.Passkey));
            })
            .RequireAuthorization(Policies.SignedIn);

        // Anonymous by nature: the sign-in page asks for a challenge before anyone is known (discoverable credentials,
        // so the options name no account and reveal nothing). Counted by the sign-in rate limit.
        group.MapPost("/request-options", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
            {
                await RequireAntiforgeryAsync(http, antiforgery);
                return Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");
            })
            .AllowAnonymous();
    }

    public static PasskeyView View(UserPasskeyInfo passkey) =>
        new(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name ?? "Passkey", passkey.CreatedAt);

    private static async Task RequireAntiforgeryAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            throw CommandRejected.Forbidden("The page's security token is missing or expired. Reload the page and try again.");
        }
    }
}
