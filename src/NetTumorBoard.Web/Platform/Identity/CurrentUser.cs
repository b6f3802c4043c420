using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>
/// Who is acting, wherever the code runs: an API request or hub call (HttpContext) or a Blazor circuit
/// (AuthenticationStateProvider). Board memberships are read fresh so a revoked membership takes effect at once.
/// </summary>
public sealed class CurrentUser(
    IHttpContextAccessor httpContextAccessor,
    IServiceProvider services,
    IDbContextFactory<IdentityDb> identityDb)
{
    private IReadOnlyList<BoardMembership>? _memberships;

    public async Task<ClaimsPrincipal> PrincipalAsync()
    {
        var http = httpContextAccessor.HttpContext;
        if (http is not null && !http.Request.Path.StartsWithSegments("/_blazor"))
        {
            return http.User;
        }
        var auth = services.GetService<AuthenticationStateProvider>();
        return auth is null ? new ClaimsPrincipal() : (await auth.GetAuthenticationStateAsync()).User;
    }

    public async Task<Actor> ActorAsync() =>
        Actor.From(await PrincipalAsync()) ?? throw new UnauthorizedAccessException("Sign in first.");

    public async Task<bool> IsInRoleAsync(string role) => (await PrincipalAsync()).IsInRole(role);

    public async Task<IReadOnlyList<BoardMembership>> MembershipsAsync(CancellationToken ct = default)
    {
        if (_memberships is null)
        {
            var actor = await ActorAsync();
            await using var db = await identityDb.CreateDbContextAsync(ct);
            _memberships = await db.BoardMemberships.AsNoTracking().Where(m => m.UserId == actor.UserId).ToListAsync(ct);
        }
        return _memberships;
    }

    public async Task<BoardMembership?> MembershipAsync(Guid boardId, CancellationToken ct = default) =>
        (await MembershipsAsync(ct)).FirstOrDefault(m => m.BoardId == boardId);
}
