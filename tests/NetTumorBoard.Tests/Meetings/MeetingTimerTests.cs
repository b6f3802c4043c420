using NetTumorBoard.Web.Meetings.Live;

namespace NetTumorBoard.Tests.Meetings;

/// <summary>Time on a case as the room reads it: a stopwatch against the plan in the same units, and spent time in words.</summary>
public sealed class MeetingTimerTests
{
    [Theory]
    [InlineData(5, 6, "0:05 / 6:00")]
    [InlineData(125, 3, "2:05 / 3:00")]
    [InlineData(-3, 3, "0:00 / 3:00")] // a clock a little behind the start
    public void The_live_timer_reads_minutes_and_seconds_on_both_sides(int seconds, int planned, string expected) =>
        Assert.Equal(expected, MeetingTimer.AgainstPlan(TimeSpan.FromSeconds(seconds), planned));

    [Theory]
    [InlineData(5, "5 s")]
    [InlineData(125, "2 min 5 s")]
    [InlineData(360, "6 min")]
    [InlineData(0, "0 s")]
    public void Time_spent_is_written_out(int seconds, string expected) =>
        Assert.Equal(expected, MeetingTimer.Words(TimeSpan.FromSeconds(seconds)));
}
