using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;
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

/// <summary>Structured fields changed; values are JSON as the API shows them, before and after.</summary>
public sealed record CaseFieldsEdited(Guid CaseId, IReadOnlyList<FieldChange> Changes, Guid By, DateTimeOffset At);

public sealed record FieldChange(string Field, string Before, string After);

/// <summary>
/// One burst of typing in a free-text section, after merging with concurrent edits: <paramref name="Delta"/> turns
/// the section's previous text into its new text exactly (see TextDelta); <paramref name="BaseVersion"/> is the
/// version the editor had seen.
/// </summary>
public sealed record SectionEdited(Guid CaseId, string Section, string Delta, long BaseVersion, Guid By, DateTimeOffset At);

public sealed record CaseStatusChanged(Guid CaseId, CaseStatus From, CaseStatus To, string? Reason, Guid By, DateTimeOffset At);

/// <summary>A guideline recommendation attached to the case, frozen exactly as it read at that moment.</summary>
public sealed record RecommendationAttached(Guid CaseId, AttachedRecommendation Snapshot, Guid By, DateTimeOffset At);

public sealed record RecommendationDetached(Guid CaseId, string RecommendationId, string? Reason, Guid By, DateTimeOffset At);

public sealed record AttachedRecommendation(
    string RecommendationId,
    long Version,
    string Title,
    string Guideline,
    string GuidelineVersion,
    Intervention Intervention,
    Setting Setting,
    string Text,
    Strength Strength,
    ConsensusStatus Consensus,
    IReadOnlyList<Citation> Citations,
    ReviewStatus ReviewStatus,
    string? OpenQuestionId,
    string? Comment,
    Guid AttachedBy,
    DateTimeOffset AttachedAt);

/// <summary>A treatment plan proposed to the board, linked to attached recommendations or justified as off-guideline.</summary>
public sealed record ProposalMade(
    Guid CaseId, Guid ProposalId, Intervention Intervention, IReadOnlyList<Intervention> AdditionalInterventions, string Description,
    IReadOnlyList<string> RecommendationIds, string? OffGuidelineRationale, Guid By, DateTimeOffset At);

public sealed record ProposalWithdrawn(Guid CaseId, Guid ProposalId, string? Reason, Guid By, DateTimeOffset At);

/// <summary>
/// A proposal made before its recommendation was attached is linked to it afterwards: the plan itself is unchanged (its
/// votes stand), it now rests on the recommendation instead of an off-guideline rationale (kept in <see cref="ProposalMade"/>).
/// </summary>
public sealed record ProposalLinked(Guid CaseId, Guid ProposalId, IReadOnlyList<string> RecommendationIds, Guid By, DateTimeOffset At);

/// <summary>A member's vote; a later vote by the same member on the same proposal replaces it (all are kept here).</summary>
public sealed record VoteCast(
    Guid CaseId, Guid ProposalId, Guid VoterId, string VoterName, Discipline Discipline, VoteChoice Choice, string? Comment, bool Provisional,
    DateTimeOffset At);

/// <summary>The chair finalized a proposal. Never edited: amendments and retractions are their own events.</summary>
public sealed record DecisionRecorded(Guid CaseId, Guid DecisionId, DecisionRecord Decision, Guid By, DateTimeOffset At);

public sealed record DecisionAmended(Guid CaseId, Guid DecisionId, Amendment Amendment, Guid By, DateTimeOffset At);

public sealed record DecisionRetracted(Guid CaseId, Guid DecisionId, string Reason, Guid By, DateTimeOffset At, string? ByName = null);

public sealed record FollowUpTaskCreated(
    Guid CaseId, Guid BoardId, Guid TaskId, Guid DecisionId, string Description, Guid OwnerId, string OwnerName, DateOnly DueDate, Guid By,
    DateTimeOffset At);

public sealed record FollowUpTaskClosed(
    Guid CaseId, Guid TaskId, Guid DecisionId, TaskOutcome Outcome, NotImplementedReason? Reason, string? Note, Guid By, DateTimeOffset At);

// Asynchronous review between meetings.

public sealed record Reviewer(Guid UserId, string Name, Discipline Discipline);

/// <summary>The case was opened for review before the meeting: who reviews it, by when.</summary>
public sealed record ReviewOpened(Guid CaseId, DateOnly DueDate, IReadOnlyList<Reviewer> Reviewers, Guid By, DateTimeOffset At);

public sealed record ReviewersAssigned(Guid CaseId, IReadOnlyList<Reviewer> Reviewers, Guid By, DateTimeOffset At);

/// <summary>A reviewer marked the case reviewed (with an optional note).</summary>
public sealed record CaseReviewed(Guid CaseId, Guid ReviewerId, string Name, string? Note, DateTimeOffset At);

public sealed record Mention(Guid UserId, string Name);

/// <summary>A comment in the case's discussion thread; <paramref name="ParentId"/> makes it a reply.</summary>
public sealed record CommentPosted(Guid CaseId, Guid CommentId, Guid? ParentId, string Text, IReadOnlyList<Mention> Mentions, Guid By, string AuthorName,
    Discipline Discipline, DateTimeOffset At);

public sealed record CaseFollowed(Guid CaseId, Guid UserId, DateTimeOffset At);

public sealed record CaseUnfollowed(Guid CaseId, Guid UserId, DateTimeOffset At);
