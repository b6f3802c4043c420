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

    /// <summary>The NET board's quorum: one voter from each group (gastroenterology or endocrinology count alike).</summary>
    public static readonly IReadOnlyList<IReadOnlyList<Discipline>> NetBoardQuorum =
    [
        [Discipline.MedicalOncology], [Discipline.Surgery], [Discipline.Radiology], [Discipline.Pathology], [Discipline.NuclearMedicine],
        [Discipline.Gastroenterology, Discipline.Endocrinology],
    ];

    /// <summary>Quorum groups; until a board defines them, each required discipline is its own group.</summary>
    public IReadOnlyList<IReadOnlyList<Discipline>> QuorumGroups { get; init; } = RequiredDisciplines.Select(d => (IReadOnlyList<Discipline>)[d]).ToList();

    public bool QuorumDefined { get; init; }
}

public sealed class BoardProjection : SingleStreamProjection<Board, Guid>
{
    public static Board Create(BoardCreated e) => new(e.BoardId, e.Name, e.RequiredDisciplines, e.MinimumVoters, e.At);

    public static Board Apply(BoardQuorumDefined e, Board b) => b with
    {
        QuorumGroups = e.Groups,
        MinimumVoters = e.MinimumVoters,
        RequiredDisciplines = e.Groups.SelectMany(g => g).Distinct().ToList(),
        QuorumDefined = true,
    };
}
