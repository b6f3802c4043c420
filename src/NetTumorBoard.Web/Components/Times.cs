using System.Globalization;

namespace NetTumorBoard.Web.Components;

/// <summary>
/// Every time shown carries its zone. Recorded moments (decisions, amendments, comments, history, the access log) are shown
/// in UTC and say so, the same for everyone reading a record; meeting times are shown in the reader's own time with their
/// offset ("Saturday 28 November 2026, 14:00 UTC+01:00"). Without a zone, a decision could seem to come before its meeting.
/// </summary>
public static class Times
{
    /// <summary>"2026-11-28 14:05 UTC" (with seconds for the history and the access log).</summary>
    public static string Utc(DateTimeOffset at, bool seconds = false) =>
        at.UtcDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>In the reader's time, with its offset: <paramref name="format"/> then "UTC+01:00" (or "UTC").</summary>
    public static string Local(DateTimeOffset at, TimeSpan offset, string format) =>
        $"{at.ToOffset(offset).ToString(format, CultureInfo.InvariantCulture)} {Zone(offset)}";

    /// <summary>In <paramref name="zone"/>, with the offset that zone has at that moment (daylight saving included).</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone, string format) => Local(at, zone.GetUtcOffset(at), format);

    /// <summary>
    /// A wall-clock time in <paramref name="zone"/> as an instant, with that day's offset; null for a time that does not
    /// exist there (skipped when the clocks go forward). A time that occurs twice is taken as standard time.
    /// </summary>
    public static DateTimeOffset? FromLocal(DateTime wallClock, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return null;
        }
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    /// <summary>The zone with this IANA id, or a fixed zone at <paramref name="fallback"/> when there is none.</summary>
    public static TimeZoneInfo ZoneFor(string? ianaId, TimeSpan fallback) =>
        ianaId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone
        : fallback == TimeSpan.Zero ? TimeZoneInfo.Utc
        : TimeZoneInfo.CreateCustomTimeZone($"UTC{fallback}", fallback, Zone(fallback), Zone(fallback));

    /// <summary>An offset's label: "UTC", "UTC+01:00", "UTC−05:00".</summary>
    public static string Zone(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture)}";
}
