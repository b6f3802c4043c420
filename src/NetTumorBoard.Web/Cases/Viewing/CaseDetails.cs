using Marten.Events.Aggregation;

namespace NetTumorBoard.Web.Cases.Viewing;

public static class SectionKeys
{
    public const string History = "history";
    public const string Imaging = "imaging";
    public const string Pathology = "pathology";
    public const string Laboratory = "laboratory";
    public const string Discussion = "discussion";

    public static readonly IReadOnlyList<string> All = [History, Imaging, Pathology, Laboratory, Discussion];

    public static string Title(string key) => key switch
    {
        History => "History",
        Imaging => "Imaging",
        Pathology => "Pathology",
        Laboratory => "Laboratory",
        Discussion => "Discussion",
        _ => key,
    };
}

public sealed record SectionView(string Text, long Version);

/// <summary>Everything the case page and GET /api/cases/{id} show (inline projection).</summary>
public sealed record CaseDetails
{
    public Guid Id { get; init; }
    public Guid BoardId { get; init; }
    public CasePatient Patient { get; init; } = new("");
    public CaseTumor Tumor { get; init; } = new();
    public string? Question { get; init; }
    public CaseStatus Status { get; init; }
    public Guid? PreviousCaseId { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public Dictionary<string, SectionView> Sections { get; init; } = [];
    public long Version { get; set; }
}

public sealed class CaseDetailsProjection : SingleStreamProjection<CaseDetails, Guid>
{
    public static CaseDetails Create(CaseCreated e) => new()
    {
        Id = e.CaseId,
        BoardId = e.BoardId,
        Patient = e.Patient,
        Tumor = e.Tumor,
        Question = e.Question,
        Status = CaseStatus.Draft,
        PreviousCaseId = e.PreviousCaseId,
        CreatedBy = e.By,
        CreatedAt = e.At,
        UpdatedAt = e.At,
        Sections = SectionKeys.All.ToDictionary(k => k, _ => new SectionView("", 0)),
    };
}
