using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Reviews.Queue;

public sealed record ReviewQueueItem(Guid CaseId, Guid BoardId, string Pseudonym, string Summary, string? Question, CaseStatus Status, DateOnly DueDate,
    bool Reviewed, bool Overdue, int ReviewersDone, int Reviewers, int Comments);

/// <summary>"My review queue": cases I am asked to review, open ones first by due date.</summary>
public static class ReviewQueueSlice
{
    public static async Task<IReadOnlyList<ReviewQueueItem>> MineAsync(CurrentUser user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var me = (await user.ActorAsync()).UserId;
        var boards = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // Cases under review are few at any time; the reviewer filter runs here.
        var cases = await session.Query<CaseDetails>().Where(c => c.BoardId.IsOneOf(boards) && c.Review != null).ToListAsync(ct);
        return cases
            .Where(c => c.Review!.Reviewers.Any(r => r.UserId == me))
            .Select(c =>
            {
                var mine = c.Review!.Reviewers.First(r => r.UserId == me);
                return new ReviewQueueItem(c.Id, c.BoardId, c.Patient.Pseudonym,
                    CaseFormat.SiteAndClassification(c.Tumor.PrimarySite, c.Tumor.Histology, c.Tumor.WhoGrade, c.Tumor.Ki67Percent), c.Question, c.Status,
                    c.Review.DueDate, mine.Reviewed, !mine.Reviewed && c.Review.DueDate < today, c.Review.Done, c.Review.Reviewers.Count, c.Comments.Count);
            })
            .OrderBy(i => i.Reviewed).ThenBy(i => i.DueDate)
            .ToList();
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/reviews/mine", (CurrentUser user, IQuerySession session, TimeProvider clock, CancellationToken ct) => MineAsync(user, session, clock, ct))
            .WithName("MyReviewQueue")
            .WithSummary("Cases the caller is asked to review: open ones first, by due date, with overdue flags.");
}
