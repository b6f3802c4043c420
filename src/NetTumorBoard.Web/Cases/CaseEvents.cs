using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Web.Cases;

// The case stream's events: the audit trail's contract. Never rename or change the meaning of one; add new ones.

/// <summary>A case was put before a board. <paramref name="PreviousCaseId"/> links a re-discussion of the same patient.</summary>
public sealed record CaseCreated(
    Guid CaseId,
    Guid BoardId,
    CasePatient Patient,
    CaseTumor Tumor,
    string? Question,
    Guid? PreviousCaseId,
    Guid By,
    DateTimeOffset At) : IBoardScoped;
