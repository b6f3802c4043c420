using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>
/// A user's board memberships, read once per few seconds instead of on every request (every API call and hub
/// call checks them). Changes made by this instance take effect at once (<see cref="Forget"/>); changes made by
/// another instance within <see cref="Lifetime"/>.
/// </summary>
public sealed class MembershipCache(IDbContextFactory<IdentityDb> identityDb, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private long _generation;

    public async Task<IReadOnlyList<BoardMembership>> ForUserAsync(Guid userId, CancellationToken ct = default) =>
        await cache.GetOrCreateAsync(("memberships", Interlocked.Read(ref _generation), userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var db = await identityDb.CreateDbContextAsync(ct);
            return (IReadOnlyList<BoardMembership>)await db.BoardMemberships.AsNoTracking().Where(m => m.UserId == userId).ToListAsync(ct);
        }) ?? [];

    public void Forget(Guid userId) => cache.Remove(("memberships", Interlocked.Read(ref _generation), userId));

    /// <summary>Everyone's memberships are read afresh from now on (a membership changed on another instance); old entries expire on their own.</summary>
    public void ForgetAll() => Interlocked.Increment(ref _generation);
}
