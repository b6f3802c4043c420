using Marten;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Components;

/// <summary>
/// Who made the change a user's edit collided with, and when ("Dr. Paula Pathologist at 14:02"), read from the stream's
/// own event at that version: conflicts name a colleague instead of "someone else".
/// </summary>
public static class ChangedBy
{
    /// <param name="author">The event's author and time, or null when the event at that version is not the expected kind.</param>
    /// <param name="me">Whoever is reading: a change of their own reads "you, elsewhere (another tab, window or device)".</param>
    /// <returns>Null when it cannot be said (the conflict still shows both values; only the name is missing).</returns>
    public static async Task<string?> DescribeAsync(IDocumentStore store, UserDirectory users, BrowserTime time, ILogger logger,
        Guid streamId, long version, Func<object, (Guid By, DateTimeOffset At)?> author, Guid? me = null)
    {
        try
        {
            await using var session = store.QuerySession();
            var events = await session.Events.FetchStreamAsync(streamId, version, fromVersion: version);
            if (events.LastOrDefault()?.Data is not { } data || author(data) is not { } who)
            {
                return null;
            }
            var name = who.By == me ? "you, elsewhere (another tab, window or device)," : (await users.FindAsync(who.By))?.Name ?? "a colleague";
            var offset = await time.OffsetAsync();
            var at = who.At.ToOffset(offset);
            var today = DateTimeOffset.UtcNow.ToOffset(offset).Date == at.Date;
            return $"{name} at {Times.Local(who.At, offset, today ? "HH:mm" : "yyyy-MM-dd HH:mm")}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not tell who changed stream {StreamId} at version {Version}", streamId, version);
            return null;
        }
    }
}
