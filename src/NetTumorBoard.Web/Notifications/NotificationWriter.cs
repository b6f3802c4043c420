using Marten;
using Marten.Services;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Web.Notifications;

/// <summary>
/// Writes notifications in the same transaction as the case events that cause them (mentions, replies, review
/// assignments, decisions on followed cases), whichever path appended them, and tells the recipients' browsers
/// through the change feed.
/// </summary>
internal sealed class NotificationWriter : DocumentSessionListenerBase
{
    public const string StreamKind = "notification";

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var recipients = new HashSet<Guid>();
        foreach (var stream in session.PendingChanges.Streams().Where(s => s.AggregateType == typeof(CaseDetails) && s.Events.Count > 0))
        {
            var data = stream.Events.Select(e => e.Data).ToList();
            if (!data.Any(d => d is CommentPosted or ReviewOpened or ReviewersAssigned or DecisionRecorded))
            {
                continue;
            }
            var details = await session.LoadAsync<CaseDetails>(stream.Id, token);
            var label = details?.Patient.Pseudonym ?? "case";
            foreach (var notification in data.SelectMany(d => For(d, stream.Id, label, details)))
            {
                session.Store(notification);
                recipients.Add(notification.UserId);
            }
        }
        foreach (var user in recipients)
        {
            session.QueueSqlCommand($"select pg_notify('{ChangeNotifier.Channel}', ?)",
                ChangeNotifier.Format(new ChangeNotice(StreamKind, user, 0, [], null, null)));
        }
    }

    internal static IEnumerable<Notification> For(object data, Guid caseId, string label, CaseDetails? before)
    {
        Notification New(Guid user, NotificationKind kind, string text, string actor, DateTimeOffset at) => new()
        {
            Id = Guid.CreateVersion7(), UserId = user, Kind = kind, CaseId = caseId, CaseLabel = label, Text = text, ActorName = actor, At = at,
        };
        switch (data)
        {
            case CommentPosted c:
                var mentioned = c.Mentions.Select(m => m.UserId).Where(u => u != c.By).Distinct().ToList();
                foreach (var user in mentioned)
                {
                    yield return New(user, NotificationKind.Mention, Excerpt(c.Text), c.AuthorName, c.At);
                }
                if (c.ParentId is { } parent && before?.Comments.FirstOrDefault(x => x.Id == parent) is { } original
                    && original.AuthorId != c.By && !mentioned.Contains(original.AuthorId))
                {
                    yield return New(original.AuthorId, NotificationKind.Reply, Excerpt(c.Text), c.AuthorName, c.At);
                }
                break;
            case ReviewOpened r:
                foreach (var reviewer in r.Reviewers.Where(x => x.UserId != r.By))
                {
                    yield return New(reviewer.UserId, NotificationKind.ReviewAssigned, $"Please review before {r.DueDate:yyyy-MM-dd}.", "", r.At);
                }
                break;
            case ReviewersAssigned a:
                var due = before?.Review?.DueDate;
                foreach (var reviewer in a.Reviewers.Where(x => x.UserId != a.By))
                {
                    yield return New(reviewer.UserId, NotificationKind.ReviewAssigned, due is null ? "Please review." : $"Please review before {due:yyyy-MM-dd}.", "", a.At);
                }
                break;
            case DecisionRecorded d:
                foreach (var follower in (before?.Followers ?? []).Where(f => f != d.By))
                {
                    yield return New(follower, NotificationKind.DecisionRecorded, $"Decided: {CaseFormat.Words(d.Decision.Intervention)} — {Excerpt(d.Decision.Plan)}", "", d.At);
                }
                break;
        }
    }

    private static string Excerpt(string text) => text.Length <= 160 ? text : text[..157] + "…";
}
