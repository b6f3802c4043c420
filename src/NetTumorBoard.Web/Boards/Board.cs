using Marten.Events.Aggregation;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Boards;

/// <summary>Read model of a board (inline projection of its stream).</summary>
[NetTumorBoard.Web.Platform.ChangeFeed.StreamKind("board")]
public sealed record Board(Guid Id, string Name, IReadOnlyList<Discipline> RequiredDisciplines, int MinimumVoters, DateTimeOffset CreatedAt)
{
    public static readonly IReadOnlyList<Discipline> NetBoardDisciplines =
    [
        Discipline.MedicalOncology, Discipline.Surgery, Discipline.Radiology, Discipline.Pathology,
        Discipline.NuclearMedicine, Discipline.Gastroenterology,
    ];
}

public sealed class BoardProjection : SingleStreamProjection<Board, Guid>
{
    public static Board Create(BoardCreated e) => new(e.BoardId, e.Name, e.RequiredDisciplines, e.MinimumVoters, e.At);
}
