using JasperFx.Events;
using NetTumorBoard.Web.Cases.Editing.Text;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Web.Cases;

public static class SectionKeys
{
    public const string History = "history";
    public const string Imaging = "imaging";
    public const string Pathology = "pathology";
    public const string Laboratory = "laboratory";
    public const string Discussion = "discussion";
    public const int MaxLength = 20_000;

    public static readonly IReadOnlyList<string> All = [History, Imaging, Pathology, Laboratory, Discussion];

    public static bool IsKnown(string key) => All.Contains(key, StringComparer.Ordinal);

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

/// <summary>A free-text section: its text and the case version at which it last changed.</summary>
public sealed record SectionView(string Text, long Version);

/// <summary>
/// The case: the stream's aggregate, kept inline (one document per case) so commands load it in one read
/// (FetchForWriting) and the case page and GET /api/cases/{id} show it. Field versions record when each
/// structured field last changed, which is how a stale edit of that field is told from an edit of another.
/// </summary>
[StreamKind("case")]
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
    public Dictionary<string, long> FieldVersions { get; init; } = [];
    public IReadOnlyList<AttachedRecommendation> AttachedRecommendations { get; init; } = [];
    public IReadOnlyList<Voting.ProposalView> Proposals { get; init; } = [];
    public Decisions.DecisionView? Decision { get; init; }
    public IReadOnlyList<Decisions.FollowUpTaskView> FollowUpTasks { get; init; } = [];
    public Reviews.ReviewState? Review { get; init; }
    public IReadOnlyList<Reviews.CommentView> Comments { get; init; } = [];

    /// <summary>Who hears of decisions on this case: who follows it, reviewers and commenters (until they unfollow).</summary>
    public IReadOnlyList<Guid> Followers { get; init; } = [];
    public long Version { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public CaseContent Content => new(Patient, Tumor, Question);

    public CaseDetails With(CaseContent content) => this with { Patient = content.Patient, Tumor = content.Tumor, Question = content.Question };

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
        Version = 1,
    };

    public static CaseDetails Apply(IEvent<CaseFieldsEdited> e, CaseDetails c)
    {
        var versions = new Dictionary<string, long>(c.FieldVersions);
        foreach (var change in e.Data.Changes)
        {
            versions[change.Field] = e.Version;
        }
        return c.With(CaseFields.Apply(c.Content, e.Data.Changes)) with { FieldVersions = versions, UpdatedAt = e.Data.At, Version = e.Version };
    }

    public static CaseDetails Apply(IEvent<SectionEdited> e, CaseDetails c)
    {
        var sections = new Dictionary<string, SectionView>(c.Sections);
        var before = sections.GetValueOrDefault(e.Data.Section)?.Text ?? "";
        sections[e.Data.Section] = new SectionView(TextDelta.Apply(before, e.Data.Delta), e.Version);
        return c with { Sections = sections, UpdatedAt = e.Data.At, Version = e.Version };
    }

    public static CaseDetails Apply(IEvent<RecommendationAttached> e, CaseDetails c) => c with
    {
        AttachedRecommendations = [.. c.AttachedRecommendations.Where(a => a.RecommendationId != e.Data.Snapshot.RecommendationId), e.Data.Snapshot],
        UpdatedAt = e.Data.At,
        Version = e.Version,
    };

    public static CaseDetails Apply(IEvent<RecommendationDetached> e, CaseDetails c) => c with
    {
        AttachedRecommendations = c.AttachedRecommendations.Where(a => a.RecommendationId != e.Data.RecommendationId).ToList(),
        UpdatedAt = e.Data.At,
        Version = e.Version,
    };

    public static CaseDetails Apply(IEvent<ProposalMade> e, CaseDetails c) => Touch(c with
    {
        Proposals = [.. c.Proposals, new Voting.ProposalView
        {
            Id = e.Data.ProposalId, Intervention = e.Data.Intervention, AdditionalInterventions = e.Data.AdditionalInterventions,
            Description = e.Data.Description, RecommendationIds = e.Data.RecommendationIds, OffGuidelineRationale = e.Data.OffGuidelineRationale,
            ProposedBy = e.Data.By, ProposedAt = e.Data.At,
        }],
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<ProposalLinked> e, CaseDetails c) => Touch(c with
    {
        Proposals = c.Proposals.Select(p => p.Id == e.Data.ProposalId
            ? p with { RecommendationIds = [.. p.RecommendationIds.Union(e.Data.RecommendationIds)], OffGuidelineRationale = null }
            : p).ToList(),
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<ProposalWithdrawn> e, CaseDetails c) => Touch(c with
    {
        Proposals = c.Proposals.Select(p => p.Id == e.Data.ProposalId ? p with { Withdrawn = true } : p).ToList(),
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<VoteCast> e, CaseDetails c)
    {
        var v = e.Data;
        var vote = new Voting.VoteView(v.VoterId, v.VoterName, v.Discipline, v.Choice, v.Comment, v.Provisional, v.At);
        return Touch(c with
        {
            Proposals = c.Proposals.Select(p => p.Id == v.ProposalId
                ? p with { Votes = [.. p.Votes.Where(x => x.UserId != v.VoterId), vote] }
                : p).ToList(),
        }, e.Version, v.At);
    }

    public static CaseDetails Apply(IEvent<DecisionRecorded> e, CaseDetails c) => Touch(c with
    {
        Decision = new Decisions.DecisionView { Id = e.Data.DecisionId, Record = e.Data.Decision },
        Status = CaseStatus.Decided,
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<DecisionAmended> e, CaseDetails c) => Touch(c with
    {
        Decision = c.Decision is null ? null : c.Decision with { Amendments = [.. c.Decision.Amendments, e.Data.Amendment] },
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<DecisionRetracted> e, CaseDetails c) => Touch(c with
    {
        Decision = c.Decision is null ? null : c.Decision with { Retracted = true, RetractionReason = e.Data.Reason, RetractedBy = e.Data.ByName },
        Status = CaseStatus.InDiscussion,
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<FollowUpTaskCreated> e, CaseDetails c) => Touch(c with
    {
        FollowUpTasks = [.. c.FollowUpTasks, new Decisions.FollowUpTaskView(e.Data.TaskId, e.Data.DecisionId, e.Data.Description, e.Data.OwnerId,
            e.Data.OwnerName, e.Data.DueDate, e.Data.At)],
        Status = c.Status == CaseStatus.Decided ? CaseStatus.FollowUp : c.Status,
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<FollowUpTaskClosed> e, CaseDetails c) => Touch(c with
    {
        FollowUpTasks = c.FollowUpTasks.Select(t => t.Id == e.Data.TaskId
            ? t with { Outcome = e.Data.Outcome, Reason = e.Data.Reason, Note = e.Data.Note, ClosedAt = e.Data.At }
            : t).ToList(),
    }, e.Version, e.Data.At);

    private static CaseDetails Touch(CaseDetails c, long version, DateTimeOffset at) => c with { Version = version, UpdatedAt = at };

    public static CaseDetails Apply(IEvent<ReviewOpened> e, CaseDetails c) => Touch(c with
    {
        Review = new Reviews.ReviewState(e.Data.DueDate, e.Data.Reviewers.Select(r => new Reviews.ReviewerStatus(r.UserId, r.Name, r.Discipline, e.Data.At)).ToList(),
            e.Data.By, e.Data.At),
        Followers = Follow(c.Followers, e.Data.Reviewers.Select(r => r.UserId)),
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<ReviewersAssigned> e, CaseDetails c) => Touch(c with
    {
        Review = c.Review is null ? null : c.Review with
        {
            Reviewers = [.. c.Review.Reviewers, .. e.Data.Reviewers.Where(r => c.Review.Reviewers.All(x => x.UserId != r.UserId))
                .Select(r => new Reviews.ReviewerStatus(r.UserId, r.Name, r.Discipline, e.Data.At))],
        },
        Followers = Follow(c.Followers, e.Data.Reviewers.Select(r => r.UserId)),
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<CaseReviewed> e, CaseDetails c) => Touch(c with
    {
        Review = c.Review is null ? null : c.Review with
        {
            Reviewers = c.Review.Reviewers.Select(r => r.UserId == e.Data.ReviewerId ? r with { ReviewedAt = e.Data.At, Note = e.Data.Note } : r).ToList(),
        },
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<CommentPosted> e, CaseDetails c) => Touch(c with
    {
        Comments = [.. c.Comments, new Reviews.CommentView(e.Data.CommentId, e.Data.ParentId, e.Data.Text, e.Data.Mentions, e.Data.By, e.Data.AuthorName, e.Data.Discipline, e.Data.At)],
        Followers = Follow(c.Followers, [e.Data.By]),
    }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<CaseFollowed> e, CaseDetails c) => Touch(c with { Followers = Follow(c.Followers, [e.Data.UserId]) }, e.Version, e.Data.At);

    public static CaseDetails Apply(IEvent<CaseUnfollowed> e, CaseDetails c) =>
        Touch(c with { Followers = c.Followers.Where(f => f != e.Data.UserId).ToList() }, e.Version, e.Data.At);

    private static IReadOnlyList<Guid> Follow(IReadOnlyList<Guid> followers, IEnumerable<Guid> more) => [.. followers.Union(more)];

    public static CaseDetails Apply(IEvent<CaseStatusChanged> e, CaseDetails c) =>
        c with { Status = e.Data.To, UpdatedAt = e.Data.At, Version = e.Version };
}
