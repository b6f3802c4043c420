using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards;

// The board stream's events: the audit trail's contract. Never rename or change the meaning of one; add new ones.

public sealed record BoardCreated(
    Guid BoardId,
    string Name,
    IReadOnlyList<Discipline> RequiredDisciplines,
    int MinimumVoters,
    Guid By,
    DateTimeOffset At);

/// <summary>
/// Who must have voted before a decision counts: each group needs at least one voter of one of its disciplines
/// (e.g. gastroenterology or endocrinology), and at least <paramref name="MinimumVoters"/> members must vote.
/// </summary>
public sealed record BoardQuorumDefined(
    Guid BoardId,
    IReadOnlyList<IReadOnlyList<Discipline>> Groups,
    int MinimumVoters,
    Guid By,
    DateTimeOffset At);

/// <summary>A user joined the board, or their board roles changed (the roles they hold from now on).</summary>
public sealed record BoardMemberRolesSet(Guid BoardId, Guid UserId, string Name, IReadOnlyList<BoardRole> Roles, Guid By, DateTimeOffset At);

public sealed record BoardMemberRemoved(Guid BoardId, Guid UserId, string Name, Guid By, DateTimeOffset At);
