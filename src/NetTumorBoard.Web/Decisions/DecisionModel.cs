using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Decisions;

public enum ConcordanceStatus { Concordant, Deviation, OpenQuestion }

/// <param name="OpenQuestionTitle">The open question's title as the library had it when decided (recorded since this field exists; older decisions name only the id).</param>
public sealed record Concordance(ConcordanceStatus Status, string? Reason, string? OpenQuestionId, string? OpenQuestionTitle = null);

public sealed record Participant(Guid UserId, string Name, Discipline Discipline);

public sealed record Dissent(Guid UserId, string Name, Discipline Discipline, string? Comment);

/// <summary>Everything needed to audit a decision later, frozen when the chair finalized it.</summary>
public sealed record DecisionRecord
{
    public Guid BoardId { get; init; }
    public string Pseudonym { get; init; } = "";
    public PrimarySite? PrimarySite { get; init; }
    public Guid ProposalId { get; init; }
    public Intervention Intervention { get; init; }
    public IReadOnlyList<Intervention> AdditionalInterventions { get; init; } = [];
    public string Plan { get; init; } = "";
    public string Rationale { get; init; } = "";
    public Concordance Concordance { get; init; } = new(ConcordanceStatus.Concordant, null, null);
    public IReadOnlyList<VoteView> Votes { get; init; } = [];
    public Tally Tally { get; init; } = new(0, 0, 0);
    public IReadOnlyList<Dissent> Dissent { get; init; } = [];
    public IReadOnlyList<Participant> Attendees { get; init; } = [];
    public long CaseVersionSeen { get; init; }
    public IReadOnlyList<AttachedRecommendation> Recommendations { get; init; } = [];
    public bool QuorumMet { get; init; }
    public IReadOnlyList<string> QuorumMissing { get; init; } = [];
    public string? QuorumOverrideReason { get; init; }
    public Guid DecidedBy { get; init; }
    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>When the case was submitted to the board, i.e. created (recorded with decisions from 2026-11 on).</summary>
    public DateTimeOffset? CasePresentedAt { get; init; }

    /// <summary>
    /// What the readiness check found missing or stale when the chair recorded the decision (empty: the work-up was
    /// complete). Null for decisions recorded before this field existed — "not recorded", not "nothing missing".
    /// </summary>
    public IReadOnlyList<MissingItem>? MissingAtDecision { get; init; }
}

public sealed record Amendment(string Reason, string? Rationale, Concordance? Concordance, string? Plan, Guid By, DateTimeOffset At, string? ByName = null);

public sealed record DecisionView
{
    public Guid Id { get; init; }
    public DecisionRecord Record { get; init; } = new();
    public IReadOnlyList<Amendment> Amendments { get; init; } = [];
    public bool Retracted { get; init; }
    public string? RetractionReason { get; init; }
    public string? RetractedBy { get; init; }

    /// <summary>The decision as it stands: the record with the latest amendment of each part applied.</summary>
    public string CurrentRationale => Amendments.LastOrDefault(a => a.Rationale is not null)?.Rationale ?? Record.Rationale;
    public Concordance CurrentConcordance => Amendments.LastOrDefault(a => a.Concordance is not null)?.Concordance ?? Record.Concordance;
    public string CurrentPlan => Amendments.LastOrDefault(a => a.Plan is not null)?.Plan ?? Record.Plan;
}

public enum TaskOutcome { Implemented, NotImplemented }

public enum NotImplementedReason { PatientPreference, ClinicalChange, Other }

public sealed record FollowUpTaskView(
    Guid Id, Guid DecisionId, string Description, Guid OwnerId, string OwnerName, DateOnly DueDate, DateTimeOffset CreatedAt,
    TaskOutcome? Outcome = null, NotImplementedReason? Reason = null, string? Note = null, DateTimeOffset? ClosedAt = null)
{
    public bool Open => Outcome is null;
}
