namespace NetTumorBoard.Web.Meetings.Live;

/// <summary>Time on the current case against its planned minutes.</summary>
public static class MeetingTimer
{
    public static string Elapsed(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero ? "0:00" : $"{(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}";

    /// <summary>"ok" until 80 % of the plan, then "near", then "over".</summary>
    public static string State(TimeSpan elapsed, int plannedMinutes) =>
        elapsed.TotalMinutes > plannedMinutes ? "over" : elapsed.TotalMinutes >= plannedMinutes * 0.8 ? "near" : "ok";
}
