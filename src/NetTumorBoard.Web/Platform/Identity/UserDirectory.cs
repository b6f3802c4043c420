using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace NetTumorBoard.Web.Platform.Identity;

public sealed record UserCard(Guid UserId, string Name, Discipline Discipline);

/// <summary>Names and disciplines of users for display (history, presence, live messages), cached briefly.</summary>
public sealed class UserDirectory(IDbContextFactory<IdentityDb> identityDb, IMemoryCache cache)
{
    public async Task<UserCard?> FindAsync(Guid userId, CancellationToken ct = default)
    {
        if (userId == Guid.Empty)
        {
            return new UserCard(Guid.Empty, Actor.System.Name, Discipline.Other);
        }
        return await cache.GetOrCreateAsync(("user-card", userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            await using var db = await identityDb.CreateDbContextAsync(ct);
            return await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new UserCard(u.Id, u.DisplayName, u.Discipline)).FirstOrDefaultAsync(ct);
        });
    }
}
