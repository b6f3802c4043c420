using Marten;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards.Creating;

public sealed record CreateBoard(string? Name, IReadOnlyList<Discipline>? RequiredDisciplines, int? MinimumVoters);

public sealed record BoardCreatedResponse(Guid Id);

public static class CreateBoardSlice
{
    public const int MaxNameLength = 120;

    /// <summary>Pure rule: a named board with sensible quorum settings; the NET disciplines when none are given.</summary>
    public static BoardCreated Decide(CreateBoard command, Guid boardId, Actor actor, DateTimeOffset now, IReadOnlyCollection<string> existingNames)
    {
        var errors = new FieldErrors();
        var name = command.Name?.Trim() ?? "";
        errors.Check(name.Length > 0, "name", "Give the board a name.");
        errors.Check(name.Length <= MaxNameLength, "name", $"Use at most {MaxNameLength} characters.");
        errors.Check(!name.Any(char.IsControl), "name", "The name cannot contain control characters.");
        errors.Check(!existingNames.Contains(name, StringComparer.OrdinalIgnoreCase), "name", "A board with this name exists already.");
        var disciplines = command.RequiredDisciplines is { Count: > 0 } given ? given.Distinct().ToList() : [.. Board.NetBoardDisciplines];
        var minimumVoters = command.MinimumVoters ?? disciplines.Count;
        errors.Check(minimumVoters is >= 1 and <= 50, "minimumVoters", "Choose between 1 and 50 voters.");
        errors.ThrowIfAny();
        return new BoardCreated(boardId, name, disciplines, minimumVoters, actor.UserId, now);
    }

    /// <summary>Starts the board stream and makes its creator chair and coordinator, in one transaction.</summary>
    public static async Task<Guid> HandleAsync(
        CreateBoard command, Actor actor, IQuerySession query, SharedTransaction transaction, MembershipCache memberships, TimeProvider clock, CancellationToken ct)
    {
        var existing = await query.Query<Board>().Select(b => b.Name).ToListAsync(ct);
        var boardId = Guid.CreateVersion7();
        var created = Decide(command, boardId, actor, clock.GetUtcNow(), existing.ToList());
        await transaction.RunAsync(actor, (session, identity) =>
        {
            session.Events.StartStream<Board>(boardId, created);
            if (command.RequiredDisciplines is not { Count: > 0 })
            {
                session.Events.Append(boardId, new BoardQuorumDefined(boardId, Board.NetBoardQuorum, created.MinimumVoters, actor.UserId, created.At));
            }
            identity.BoardMemberships.Add(new BoardMembership
            {
                UserId = actor.UserId, BoardId = boardId, Roles = [BoardRole.Chair, BoardRole.Coordinator],
            });
            return Task.CompletedTask;
        }, ct);
        memberships.Forget(actor.UserId);
        return boardId;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/boards", async (CreateBoard command, CurrentUser user, IQuerySession query, SharedTransaction transaction,
                MembershipCache memberships, TimeProvider clock, CancellationToken ct) =>
            {
                var id = await HandleAsync(command, await user.ActorAsync(), query, transaction, memberships, clock, ct);
                return TypedResults.Created($"/api/boards/{id}", new BoardCreatedResponse(id));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateBoard")
            .WithSummary("Create a board (Admin). The creator becomes its chair and coordinator.");
}
