using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards.Listing;

/// <summary>A member as boards show them; <paramref name="Handle"/> is how comments @mention them (the e-mail's local part).</summary>
public sealed record BoardMemberView(Guid UserId, string Name, Discipline Discipline, IReadOnlyList<BoardRole> Roles, string Handle = "");

public sealed record BoardView(Guid Id, string Name, IReadOnlyList<Discipline> RequiredDisciplines, int MinimumVoters, IReadOnlyList<BoardMemberView> Members);

public static class ListBoardsSlice
{
    /// <summary>The boards the user belongs to, with their members; nothing of other boards.</summary>
    public static async Task<IReadOnlyList<BoardView>> QueryAsync(
        CurrentUser user, IQuerySession session, IDbContextFactory<IdentityDb> identityDb, CancellationToken ct)
    {
        var boardIds = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToList();
        if (boardIds.Count == 0)
        {
            return [];
        }
        var boards = await session.LoadManyAsync<Board>(ct, boardIds);
        var members = await BoardMembers.OfAsync(identityDb, boardIds, ct);
        return boards
            .OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase)
            .Select(b => new BoardView(b.Id, b.Name, b.RequiredDisciplines, b.MinimumVoters,
                members.Where(m => m.BoardId == b.Id).Select(m => m.Member).ToList()))
            .ToList();
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/boards", (CurrentUser user, IQuerySession session, IDbContextFactory<IdentityDb> identityDb, CancellationToken ct) =>
                QueryAsync(user, session, identityDb, ct))
            .WithName("ListBoards")
            .WithSummary("Boards the caller belongs to, with members.");
}
