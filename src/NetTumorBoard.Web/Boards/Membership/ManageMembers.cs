
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards.Membership;

public sealed record SetMemberRequest(IReadOnlyList<BoardRole>? Roles);

public sealed record UserOption(Guid UserId, string Name, string Email, Discipline Discipline);

/// <summary>
/// A coordinator (or an administrator) manages who is on the board and in which role. Each change is an event on
/// the board stream and a membership row, written in one transaction; the board always keeps a chair.
/// </summary>
public static class ManageMembersSlice
{
    public static bool CanManage(BoardMembership? membership, bool isAdmin) => isAdmin || membership?.Roles.Contains(BoardRole.Coordinator) == true;

    public static BoardMemberRolesSet? DecideSet(Guid boardId, SetMemberRequest request, AppUser? target, IReadOnlyList<BoardMemberView> members, Actor actor, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Check(target is not null, "userId", "There is no such user.");
        errors.Check(request.Roles is { Count: > 0 }, "roles", "Give at least one role: Chair, Coordinator, Member or Observer.");
        errors.Check(request.Roles is null || !(request.Roles.Contains(BoardRole.Observer) && request.Roles.Count > 1), "roles",
            "An observer holds no other role.");
        errors.ThrowIfAny();
        var roles = request.Roles!.Distinct().Order().ToList();
        var current = members.FirstOrDefault(m => m.UserId == target!.Id);
        if (current is not null && current.Roles.Order().SequenceEqual(roles))
        {
            return null;
        }
        if (current?.Roles.Contains(BoardRole.Chair) == true && !roles.Contains(BoardRole.Chair) && members.Count(m => m.Roles.Contains(BoardRole.Chair)) == 1)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The board needs a chair: make someone else chair first.");
        }
        return new BoardMemberRolesSet(boardId, target!.Id, target.DisplayName, roles, actor.UserId, now);
    }

    public static BoardMemberRemoved DecideRemove(Guid boardId, Guid userId, IReadOnlyList<BoardMemberView> members, Actor actor, DateTimeOffset now)
    {
        var member = members.FirstOrDefault(m => m.UserId == userId) ?? throw CommandRejected.NotFound("Member");
        if (member.Roles.Contains(BoardRole.Chair) && members.Count(m => m.Roles.Contains(BoardRole.Chair)) == 1)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The board needs a chair: make someone else chair before removing this one.");
        }
        return new BoardMemberRemoved(boardId, userId, member.Name, actor.UserId, now);
    }

    private static async Task RequireManagerAsync(CurrentUser user, Guid boardId, CancellationToken ct)
    {
        var isAdmin = await user.IsInRoleAsync(GlobalRoles.Admin);
        var membership = await user.MembershipAsync(boardId, ct);
        if (membership is null && !isAdmin)
        {
            throw CommandRejected.NotFound("Board");
        }
        if (!CanManage(membership, isAdmin))
        {
            throw CommandRejected.Forbidden("Only a coordinator of this board (or an administrator) manages its members.");
        }
    }

    public static async Task<long> SetAsync(Guid boardId, Guid userId, SetMemberRequest request, CurrentUser user, Marten.IQuerySession query, SharedTransaction transaction,
        IDbContextFactory<IdentityDb> identityDb, MembershipCache memberships, TimeProvider clock, CancellationToken ct)
    {
        await RequireManagerAsync(user, boardId, ct);
        _ = await query.LoadAsync<Board>(boardId, ct) ?? throw CommandRejected.NotFound("Board");
        var actor = await user.ActorAsync();
        await using var db = await identityDb.CreateDbContextAsync(ct);
        var target = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        var members = (await BoardMembers.OfAsync(identityDb, [boardId], ct)).Select(m => m.Member).ToList();
        BoardMemberRolesSet? decided;
        try
        {
            decided = DecideSet(boardId, request, target, members, actor, clock.GetUtcNow());
        }
        catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.Conflict)
        {
            throw rejected.WithCurrentVersion((await query.Events.FetchStreamStateAsync(boardId, ct))?.Version ?? 0);
        }
        if (decided is not { } set)
        {
            return 0;
        }
        await WriteAsync(set, actor, transaction, ct);
        memberships.Forget(userId);
        return 1;
    }

    /// <summary>The board event and the membership row, in one transaction (also used by hospital sign-in's role mapping).</summary>
    public static Task WriteAsync(BoardMemberRolesSet set, Actor actor, SharedTransaction transaction, CancellationToken ct) =>
        transaction.RunAsync(actor, async (session, identity) =>
        {
            session.Events.Append(set.BoardId, set);
            var row = await identity.BoardMemberships.FirstOrDefaultAsync(m => m.BoardId == set.BoardId && m.UserId == set.UserId, ct);
            if (row is null)
            {
                identity.BoardMemberships.Add(new BoardMembership { BoardId = set.BoardId, UserId = set.UserId, Roles = [.. set.Roles] });
            }
            else
            {
                row.Roles = [.. set.Roles];
            }
        }, ct);

    /// <summary>The board event and the removal of the membership row, in one transaction.</summary>
    public static Task WriteAsync(BoardMemberRemoved removed, Actor actor, SharedTransaction transaction, CancellationToken ct) =>
        transaction.RunAsync(actor, async (session, identity) =>
        {
            session.Events.Append(removed.BoardId, removed);
            identity.BoardMemberships.Remove(await identity.BoardMemberships.FirstAsync(m => m.BoardId == removed.BoardId && m.UserId == removed.UserId, ct));
        }, ct);

    public static async Task RemoveAsync(Guid boardId, Guid userId, CurrentUser user, Marten.IQuerySession query, SharedTransaction transaction,
        IDbContextFactory<IdentityDb> identityDb, MembershipCache memberships, TimeProvider clock, CancellationToken ct)
    {
        await RequireManagerAsync(user, boardId, ct);
        var actor = await user.ActorAsync();
        var members = (await BoardMembers.OfAsync(identityDb, [boardId], ct)).Select(m => m.Member).ToList();
        BoardMemberRemoved removed;
        try
        {
            removed = DecideRemove(boardId, userId, members, actor, clock.GetUtcNow());
        }
        catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.Conflict)
        {
            throw rejected.WithCurrentVersion((await query.Events.FetchStreamStateAsync(boardId, ct))?.Version ?? 0);
        }
        await WriteAsync(removed, actor, transaction, ct);
        memberships.Forget(userId);
    }

    /// <summary>Users a coordinator can add (search by name or e-mail).</summary>
    public static async Task<IReadOnlyList<UserOption>> SearchUsersAsync(Guid boardId, string? q, CurrentUser user, IDbContextFactory<IdentityDb> identityDb, CancellationToken ct)
    {
        await RequireManagerAsync(user, boardId, ct);
        var term = (q ?? "").Trim().ToLowerInvariant();
        await using var db = await identityDb.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => term.Length == 0 || u.DisplayName.ToLower().Contains(term) || (u.Email != null && u.Email.ToLower().Contains(term)))
            .OrderBy(u => u.DisplayName).Take(20)
            .Select(u => new UserOption(u.Id, u.DisplayName, u.Email ?? "", u.Discipline))
            .ToListAsync(ct);
        return users;
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/boards/{id:guid}/members", async (Guid id, CurrentUser user, IDbContextFactory<IdentityDb> identityDb, CancellationToken ct) =>
            {
                await user.RequireReaderAsync(id, "Board", ct);
                return (await BoardMembers.OfAsync(identityDb, [id], ct)).Select(m => m.Member).ToList();
            })
            .WithName("ListBoardMembers")
            .WithSummary("The board's members with discipline, roles and @handle.");
        api.MapPut("/boards/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, SetMemberRequest request, CurrentUser user, Marten.IQuerySession query,
                SharedTransaction transaction, IDbContextFactory<IdentityDb> identityDb, MembershipCache memberships, TimeProvider clock, CancellationToken ct) =>
            {
                await SetAsync(id, userId, request, user, query, transaction, identityDb, memberships, clock, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetBoardMember")
            .WithSummary("Add a user to the board or change their roles (coordinator or administrator); the board always keeps a chair.");
        api.MapDelete("/boards/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, CurrentUser user, Marten.IQuerySession query,
                SharedTransaction transaction, IDbContextFactory<IdentityDb> identityDb, MembershipCache memberships, TimeProvider clock, CancellationToken ct) =>
            {
                await RemoveAsync(id, userId, user, query, transaction, identityDb, memberships, clock, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveBoardMember")
            .WithSummary("Remove a member from the board (coordinator or administrator).");
        api.MapGet("/boards/{id:guid}/candidates", (Guid id, string? q, CurrentUser user, IDbContextFactory<IdentityDb> identityDb, CancellationToken ct) =>
                SearchUsersAsync(id, q, user, identityDb, ct))
            .WithName("SearchBoardCandidates")
            .WithSummary("Users a coordinator may add to the board, by name or e-mail.");
    }
}
