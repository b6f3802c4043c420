using JasperFx.Events;
using Marten.Events.Aggregation;

namespace NetTumorBoard.Web.Cases.Listing;

/// <summary>One row of the case list (inline projection: the list reads it right after a command).</summary>
public sealed record CaseSummary
{
    public Guid Id { get; init; }
    public Guid BoardId { get; init; }
    public CasePatient Patient { get; init; } = new("");
    public CaseTumor Tumor { get; init; } = new();
    public string? Question { get; init; }
    public CaseStatus Status { get; init; }
    public Guid? PreviousCaseId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; set; }

    public string Pseudonym => Patient.Pseudonym;
    [System.Text.Json.Serialization.JsonIgnore]
    public CaseContent Content => new(Patient, Tumor, Question);
}

public sealed class CaseSummaryProjection : SingleStreamProjection<CaseSummary, Guid>
{
    public static CaseSummary Create(CaseCreated e) => new()
    {
        Id = e.CaseId,
        BoardId = e.BoardId,
        Patient = e.Patient,
        Tumor = e.Tumor,
        Question = e.Question,
        Status = CaseStatus.Draft,
        PreviousCaseId = e.PreviousCaseId,
        CreatedAt = e.At,
        UpdatedAt = e.At,
    };

    public static CaseSummary Apply(CaseFieldsEdited e, CaseSummary s)
    {
        var content = CaseFields.Apply(s.Content, e.Changes);
        return s with { Patient = content.Patient, Tumor = content.Tumor, Question = content.Question, UpdatedAt = e.At };
    }

    public static CaseSummary Apply(CaseStatusChanged e, CaseSummary s) => s with { Status = e.To, UpdatedAt = e.At };

    public static CaseSummary Apply(DecisionRecorded e, CaseSummary s) => s with { Status = CaseStatus.Decided, UpdatedAt = e.At };

    public static CaseSummary Apply(DecisionRetracted e, CaseSummary s) => s with { Status = CaseStatus.InDiscussion, UpdatedAt = e.At };

    public static CaseSummary Apply(FollowUpTaskCreated e, CaseSummary s) => s.Status == CaseStatus.Decided ? s with { Status = CaseStatus.FollowUp, UpdatedAt = e.At } : s;
}
