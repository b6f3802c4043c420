using Marten;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Notifications;

public sealed record NotificationList(int Unread, IReadOnlyList<Notification> Items);

public sealed record MarkReadRequest(IReadOnlyList<Guid>? Ids);

/// <summary>The caller's notification centre: latest first, with the unread count; marking read.</summary>
public static class NotificationsSlice
{
    public static async Task<NotificationList> ListAsync(CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var me = (await user.ActorAsync()).UserId;
        var items = await session.Query<Notification>().Where(n => n.UserId == me).OrderByDescending(n => n.At).Take(50).ToListAsync(ct);
        var unread = await session.Query<Notification>().CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
        return new NotificationList(unread, items);
    }

    public static async Task MarkReadAsync(IReadOnlyList<Guid>? ids, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var me = (await user.ActorAsync()).UserId;
        await using var session = store.LightweightSession();
        var query = session.Query<Notification>().Where(n => n.UserId == me && n.ReadAt == null);
        var unread = ids is { Count: > 0 } ? await query.Where(n => n.Id.IsOneOf(ids.ToArray())).ToListAsync(ct) : await query.ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var n in unread)
        {
            session.Store(n with { ReadAt = now });
        }
        session.QueueSqlCommand($"select pg_notify('{Platform.ChangeFeed.ChangeNotifier.Channel}', ?)",
            Platform.ChangeFeed.ChangeNotifier.Format(new Platform.ChangeFeed.ChangeNotice(NotificationWriter.StreamKind, me, 0, [], null, null)));
        await session.SaveChangesAsync(ct);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/notifications", (CurrentUser user, IQuerySession session, CancellationToken ct) => ListAsync(user, session, ct))
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications (mentions, replies, review assignments, decisions on followed cases), latest 50, and the unread count.");
        api.MapPost("/notifications/read", async (MarkReadRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                await MarkReadAsync(request.Ids, user, store, clock, ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkNotificationsRead")
            .WithSummary("Mark notifications read (the given ids, or all).");
    }
}
