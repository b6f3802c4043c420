using Marten;
using NetTumorBoard.Web.Notifications;
using NetTumorBoard.Web.Reviews.Commenting;
using NetTumorBoard.Web.Reviews.Opening;
using NetTumorBoard.Web.Reviews.Queue;

namespace NetTumorBoard.Web.Reviews;

/// <summary>Asynchronous review between meetings: reviewers, comments with mentions, notifications, the review queue.</summary>
public static class ReviewsArea
{
    public static void ConfigureReviews(this StoreOptions options)
    {
        options.Schema.For<Notification>().Index(n => n.UserId);
        options.Listeners.Add(new NotificationWriter());
    }

    public static void MapReviewsApi(this RouteGroupBuilder api)
    {
        ReviewSlice.Map(api);
        CommentSlice.Map(api);
        ReviewQueueSlice.Map(api);
        NotificationsSlice.Map(api);
    }
}
