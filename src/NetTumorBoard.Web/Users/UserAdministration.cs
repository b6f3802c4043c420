using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Users;

/// <param name="CanSignIn">False while the person has neither set a password (the setup link is still unused) nor signed in through SSO.</param>
public sealed record UserView(Guid Id, string Email, string DisplayName, Discipline Discipline, bool Disabled, IReadOnlyList<string> Roles,
    int Boards, bool CanSignIn = true);

public sealed record CreateUserRequest(string? Email, string? DisplayName, Discipline? Discipline, IReadOnlyList<string>? Roles);

public sealed record ChangeUserRequest(string? DisplayName, Discipline? Discipline, bool? Disabled, IReadOnlyList<string>? Roles);

/// <summary>A one-time link with which the user sets a password (no e-mail needed: the administrator hands it over).</summary>
public sealed record ResetLink(Guid UserId, string Link, DateTimeOffset ExpiresAt);

public sealed record CreatedUser(UserView User, ResetLink ResetLink);

/// <summary>
/// Administrators create accounts (no self-registration), change name, discipline and global roles, disable and
/// re-enable them, and issue password-reset links. Board memberships are managed per board by coordinators.
/// Every change is validated whole before anything is written.
/// </summary>
public sealed class UserAdministration(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roleManager, IDbContextFactory<IdentityDb> db,
    TimeProvider clock, ILogger<UserAdministration> logger)
{
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken ct)
    {
        await using var context = await db.CreateDbContextAsync(ct);
        var all = await context.Users.AsNoTracking().Include(u => u.Memberships).OrderBy(u => u.DisplayName).ToListAsync(ct);
        var roles = await (from ur in context.UserRoles join r in context.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var withSso = (await context.UserLogins.Select(l => l.UserId).Distinct().ToListAsync(ct)).ToHashSet();
        return all.Select(u => View(u, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), CanSignIn(u, withSso.Contains(u.Id)))).ToList();
    }

    public async Task<CreatedUser> CreateAsync(CreateUserRequest request, Actor by, Uri baseAddress, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = request.Email?.Trim() ?? "";
        errors.Check(IsEmail(email), "email", "Give a valid e-mail address.");
        errors.Check(!string.IsNullOrWhiteSpace(request.DisplayName) && request.DisplayName.Trim().Length <= 100, "displayName", "Give the person's name (up to 100 characters).");
        errors.Check(request.Discipline is not null, "discipline", "Choose the person's discipline.");
        CheckRoles(request.Roles, errors);
        if (IsEmail(email) && await users.FindByEmailAsync(email) is not null)
        {
            errors.Add("email", "An account with this e-mail address exists.");
        }
        errors.ThrowIfAny();
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = request.DisplayName!.Trim(),
            Discipline = request.Discipline!.Value, LockoutEnabled = true,
        };
        await EnsureRolesAsync();
        Require(await users.CreateAsync(user), "email");
        if (request.Roles is { Count: > 0 } roles)
        {
            Require(await users.AddToRolesAsync(user, roles.Distinct()), "roles");
        }
        logger.LogInformation("User {Email} created by {Admin}", email, by.Name);
        return new CreatedUser(View(user, request.Roles?.Distinct().Order().ToList() ?? [], canSignIn: false), await ResetLinkAsync(user, baseAddress));
    }

    public async Task<UserView> ChangeAsync(Guid id, ChangeUserRequest request, Actor by, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString()) ?? throw CommandRejected.NotFound("User");
        var errors = new FieldErrors();
        errors.Check(request.DisplayName is null || (request.DisplayName.Trim().Length is > 0 and <= 100), "displayName", "Give the person's name (up to 100 characters).");
        CheckRoles(request.Roles, errors);
        errors.Check(!(id == by.UserId && request.Disabled == true), "disabled", "You cannot disable your own account.");
        errors.Check(!(id == by.UserId && request.Roles is not null && !request.Roles.Contains(GlobalRoles.Admin)), "roles",
            "You cannot remove your own administrator role.");
        errors.ThrowIfAny();

        await EnsureRolesAsync();
        if (request.DisplayName is { } name)
        {
            user.DisplayName = name.Trim();
        }
        if (request.Discipline is { } discipline)
        {
            user.Discipline = discipline;
        }
        if (request.Disabled is { } disabled)
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        }
        Require(await users.UpdateAsync(user), "user");
        var rolesChanged = false;
        if (request.Roles is { } wanted)
        {
            var current = await users.GetRolesAsync(user);
            rolesChanged = !current.ToHashSet().SetEquals(wanted);
            Require(await users.RemoveFromRolesAsync(user, current.Except(wanted)), "roles");
            Require(await users.AddToRolesAsync(user, wanted.Distinct().Except(current)), "roles");
        }
        // Signed-in sessions re-check the account within a minute: a new security stamp signs a disabled user out and
        // ends sessions holding roles they no longer have. A changed name or discipline needs no new stamp (the
        // re-check reissues the claims from the account) and must not get one: it would also void the setup link the
        // administrator has just handed over.
        if (request.Disabled == true || rolesChanged)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        logger.LogInformation("User {Email} changed by {Admin} (disabled: {Disabled})", user.Email, by.Name, IsDisabled(user));
        return View(user, (await users.GetRolesAsync(user)).Order().ToList(), CanSignIn(user, (await users.GetLoginsAsync(user)).Count > 0));
    }

    public async Task<ResetLink> IssueResetLinkAsync(Guid id, Actor by, Uri baseAddress)
    {
        var user = await users.FindByIdAsync(id.ToString()) ?? throw CommandRejected.NotFound("User");
        logger.LogInformation("Password reset link for {Email} issued by {Admin}", user.Email, by.Name);
        return await ResetLinkAsync(user, baseAddress);
    }

    private async Task<ResetLink> ResetLinkAsync(AppUser user, Uri baseAddress)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = new Uri(baseAddress, $"/account/reset?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}");
        return new ResetLink(user.Id, link.ToString(), clock.GetUtcNow() + ResetLinkLifetime);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in GlobalRoles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Require(await roleManager.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }), "roles");
            }
        }
    }

    private static void CheckRoles(IReadOnlyList<string>? roles, FieldErrors errors)
    {
        foreach (var role in roles ?? [])
        {
            errors.Check(GlobalRoles.All.Contains(role), "roles", $"'{role}' is not a role; choose from {string.Join(", ", GlobalRoles.All)}.");
        }
    }

    private static void Require(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw CommandRejected.Invalid(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static bool IsEmail(string value) => value.Length is > 3 and <= 254 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    /// <summary>Disabled by an administrator: locked out without end (a lockout after failed attempts lasts minutes).</summary>
    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow.AddYears(100);

    /// <summary>A password set (the setup link used) or an SSO login linked.</summary>
    private static bool CanSignIn(AppUser u, bool hasSsoLogin) => u.PasswordHash is not null || hasSsoLogin;

    private static UserView View(AppUser u, IReadOnlyList<string> roles, bool canSignIn) =>
        new(u.Id, u.Email ?? "", u.DisplayName, u.Discipline, IsDisabled(u), roles, u.Memberships.Count, canSignIn);

    public static void AddUserAdministration(IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        // A disabled account's sessions end within a minute (the cookie re-checks the security stamp).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = ResetLinkLifetime);
        // Pages already open re-check their account every minute too (disabled, or a global role taken away).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, OpenPageRecheck>();
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").RequireAuthorization(Policies.Admin);
        group.MapGet("", (UserAdministration admin, CancellationToken ct) => admin.ListAsync(ct))
            .WithName("ListUsers").WithSummary("All accounts with discipline, global roles, number of boards and whether disabled (Admin).");
        group.MapPost("", async (CreateUserRequest request, UserAdministration admin, CurrentUser user, HttpContext http, CancellationToken ct) =>
            {
                var created = await admin.CreateAsync(request, await user.ActorAsync(), BaseOf(http), ct);
                return TypedResults.Created($"/api/users/{created.User.Id}", created);
            })
            .WithName("CreateUser").WithSummary("Create an account; the answer carries a one-time link with which the person sets a password (Admin).");
        group.MapPut("/{id:guid}", async (Guid id, ChangeUserRequest request, UserAdministration admin, CurrentUser user, CancellationToken ct) =>
                await admin.ChangeAsync(id, request, await user.ActorAsync(), ct))
            .WithName("ChangeUser").WithSummary("Change name, discipline, global roles; disable or re-enable (Admin).");
        group.MapPost("/{id:guid}/reset-link", async (Guid id, UserAdministration admin, CurrentUser user, HttpContext http) =>
                await admin.IssueResetLinkAsync(id, await user.ActorAsync(), BaseOf(http)))
            .WithName("IssueResetLink").WithSummary("A one-time password-reset link valid for 24 hours, to hand to the person (Admin).");
    }

    private static Uri BaseOf(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}/");
}
