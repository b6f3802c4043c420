using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>
/// Who is acting, wherever the code runs: an API request or hub call (HttpContext) or a Blazor circuit
/// (AuthenticationStateProvider). Board memberships come from <see cref="MembershipCache"/>.
/// </summary>
public sealed class CurrentUser(
    IHttpContextAccessor httpContextAccessor,
    IServiceProvider services,
    MembershipCache memberships)
{

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

    public async Task<IReadOnlyList<BoardMembership>> MembershipsAsync(CancellationToken ct = default) =>
        await memberships.ForUserAsync((await ActorAsync()).UserId, ct);

    public async Task<BoardMembership?> MembershipAsync(Guid boardId, CancellationToken ct = default) =>
        (await MembershipsAsync(ct)).FirstOrDefault(m => m.BoardId == boardId);
}
