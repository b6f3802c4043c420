using Marten.Events.Aggregation;

namespace NetTumorBoard.Web.Cases.Listing;

/// <summary>One row of the case list (inline projection: the list reads it right after a command).</summary>
public sealed record CaseSummary
{
    public Guid Id { get; init; }
    public Guid BoardId { get; init; }
    public string Pseudonym { get; init; } = "";
    public int? BirthYear { get; init; }
    public Sex? Sex { get; init; }
    public PrimarySite? PrimarySite { get; init; }
    public LungHistology? Histology { get; init; }
    public WhoGrade? WhoGrade { get; init; }
    public decimal? Ki67Percent { get; init; }
    public string? Question { get; init; }
    public CaseStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; set; }
}

public sealed class CaseSummaryProjection : SingleStreamProjection<CaseSummary, Guid>
{
    public static CaseSummary Create(CaseCreated e) => new()
    {
        Id = e.CaseId,
        BoardId = e.BoardId,
        Pseudonym = e.Patient.Pseudonym,
        BirthYear = e.Patient.BirthYear,
        Sex = e.Patient.Sex,
        PrimarySite = e.Tumor.PrimarySite,
        Histology = e.Tumor.Histology,
        WhoGrade = e.Tumor.WhoGrade,
        Ki67Percent = e.Tumor.Ki67Percent,
        Question = e.Question,
        Status = CaseStatus.Draft,
        CreatedAt = e.At,
        UpdatedAt = e.At,
    };
}
