using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Reviews;

public sealed record ReviewerStatus(Guid UserId, string Name, Discipline Discipline, DateTimeOffset AssignedAt, DateTimeOffset? ReviewedAt = null, string? Note = null)
{
    public bool Reviewed => ReviewedAt is not null;
}

/// <summary>The case's review before the meeting: due date and each reviewer's status.</summary>
public sealed record ReviewState(DateOnly DueDate, IReadOnlyList<ReviewerStatus> Reviewers, Guid OpenedBy, DateTimeOffset OpenedAt)
{
    public int Done => Reviewers.Count(r => r.Reviewed);
}

public sealed record CommentView(Guid Id, Guid? ParentId, string Text, IReadOnlyList<Mention> Mentions, Guid AuthorId, string AuthorName, Discipline Discipline,
    DateTimeOffset At);
