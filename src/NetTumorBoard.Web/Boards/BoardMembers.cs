using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards;

/// <summary>Members of boards with their names, disciplines and board roles.</summary>
public static class BoardMembers
{
    public static async Task<IReadOnlyList<(Guid BoardId, BoardMemberView Member)>> OfAsync(
        IDbContextFactory<IdentityDb> identityDb, IReadOnlyCollection<Guid> boardIds, CancellationToken ct)
    {
        await using var db = await identityDb.CreateDbContextAsync(ct);
        var rows = await db.BoardMemberships.AsNoTracking()
            .Where(m => boardIds.Contains(m.BoardId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.BoardId, u.Id, u.DisplayName, u.Discipline, m.Roles, u.Email })
            .ToListAsync(ct);
        return rows
            .OrderBy(m => m.Discipline).ThenBy(m => m.DisplayName)
            .Select(m => (m.BoardId, new BoardMemberView(m.Id, m.DisplayName, m.Discipline, m.Roles, HandleOf(m.Email))))
            .ToList();
    }

    public static string HandleOf(string? email) => (email ?? "").Split('@')[0].ToLowerInvariant();
}
