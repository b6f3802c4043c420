namespace NetTumorBoard.Web.Meetings.Live;

/// <summary>Time on the current case against its planned minutes.</summary>
public static class MeetingTimer
{
    /// <summary>A stopwatch reading, minutes:seconds ("2:05").</summary>
    public static string Elapsed(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero ? "0:00" : $"{(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}";

    /// <summary>
    /// The live timer against the plan, both as a stopwatch reads ("0:05 / 6:00"): "0:05 / 6 min" put minutes:seconds
    /// beside minutes and read as five minutes.
    /// </summary>
    public static string AgainstPlan(TimeSpan elapsed, int plannedMinutes) => $"{Elapsed(elapsed)} / {plannedMinutes}:00";

    /// <summary>Time spent in words, for lists and minutes ("5 s", "2 min 5 s", "6 min").</summary>
    public static string Words(TimeSpan spent)
    {
        var seconds = Math.Max(0, (int)Math.Round(spent.TotalSeconds));
        var (m, s) = (seconds / 60, seconds % 60);
        return m == 0 ? $"{s} s" : s == 0 ? $"{m} min" : $"{m} min {s} s";
    }

    /// <summary>"ok" until 80 % of the plan, then "near", then "over".</summary>
    public static string State(TimeSpan elapsed, int plannedMinutes) =>
        elapsed.TotalMinutes > plannedMinutes ? "over" : elapsed.TotalMinutes >= plannedMinutes * 0.8 ? "near" : "ok";
}
