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
