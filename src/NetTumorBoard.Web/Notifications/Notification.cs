namespace NetTumorBoard.Web.Notifications;

public enum NotificationKind { Mention, Reply, ReviewAssigned, DecisionRecorded }

/// <summary>One thing a user should know about, in their in-app notification centre.</summary>
public sealed record Notification
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public NotificationKind Kind { get; init; }
    public Guid CaseId { get; init; }
    public string CaseLabel { get; init; } = "";
    public string Text { get; init; } = "";
    public string ActorName { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
}
