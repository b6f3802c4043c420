namespace NetTumorBoard.Web.Platform.ChangeFeed;

/// <summary>
/// One committed change of one stream, as every app instance hears it from PostgreSQL (LISTEN/NOTIFY):
/// which stream, its version after the change, the event types, the board it belongs to when the events say,
/// and who acted. <see cref="Resync"/> tells subscribers the feed was interrupted: re-read what you show.
/// </summary>
public sealed record ChangeNotice(
    string Stream,
    Guid StreamId,
    long Version,
    IReadOnlyList<string> EventTypes,
    Guid? BoardId,
    Guid? ActorId)
{
    public const string ResyncStream = "resync";

    public static ChangeNotice Resync { get; } = new(ResyncStream, Guid.Empty, 0, [], null, null);

    public bool IsResync => Stream == ResyncStream;
}

/// <summary>Events that belong to a board say so, so board-wide screens (the case list) can react.</summary>
public interface IBoardScoped
{
    Guid BoardId { get; }
}
