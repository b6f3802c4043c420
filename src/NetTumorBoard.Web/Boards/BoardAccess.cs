using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards;

/// <summary>Board-scoped access in one place: non-members learn nothing (404), observers only read.</summary>
public static class BoardAccess
{
    public static async Task<BoardMembership> RequireMemberAsync(this CurrentUser user, Guid boardId, string notFound = "Board", CancellationToken ct = default) =>
        await user.MembershipAsync(boardId, ct) ?? throw CommandRejected.NotFound(notFound);

    public static async Task<BoardMembership> RequireContributorAsync(this CurrentUser user, Guid boardId, CancellationToken ct = default)
    {
        var membership = await user.RequireMemberAsync(boardId, ct: ct);
        if (!membership.CanContribute())
        {
            throw CommandRejected.Forbidden("Observers can read this board's cases but not change them.");
        }
        return membership;
    }

    /// <summary>Members of the board, and auditors (read-only, across boards), may read its cases and their history.</summary>
    public static async Task<BoardMembership?> RequireReaderAsync(this CurrentUser user, Guid boardId, string notFound = "Case", CancellationToken ct = default)
    {
        if (await user.MembershipAsync(boardId, ct) is { } membership)
        {
            return membership;
        }
        return await user.IsInRoleAsync(GlobalRoles.Auditor) ? null : throw CommandRejected.NotFound(notFound);
    }

    public static bool CanContribute(this BoardMembership membership) =>
        membership.Roles.Any(r => r is BoardRole.Chair or BoardRole.Coordinator or BoardRole.Member);
}
