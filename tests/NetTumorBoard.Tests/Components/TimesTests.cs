using NetTumorBoard.Web.Components;

namespace NetTumorBoard.Tests.Components;

/// <summary>Every time shown carries its zone: records in UTC, meetings in the reader's time with its offset.</summary>
public sealed class TimesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 13, 5, 9, TimeSpan.FromHours(1)); // 12:05:09 UTC

    [Fact]
    public void Recorded_moments_are_shown_in_UTC_and_say_so() =>
        Assert.Equal(("2026-11-28 12:05 UTC", "2026-11-28 12:05:09 UTC"), (Times.Utc(At), Times.Utc(At, seconds: true)));

    [Theory]
    [InlineData(60, "Sat 28 Nov 13:05 UTC+01:00")]
    [InlineData(-300, "Sat 28 Nov 07:05 UTC−05:00")]
    [InlineData(0, "Sat 28 Nov 12:05 UTC")]
    [InlineData(330, "Sat 28 Nov 17:35 UTC+05:30")]
    public void Meeting_times_are_in_the_readers_time_with_its_offset(int minutes, string expected) =>
        Assert.Equal(expected, Times.Local(At, TimeSpan.FromMinutes(minutes), "ddd d MMM HH:mm"));

    private static readonly TimeZoneInfo Berlin = Times.ZoneFor("Europe/Berlin", TimeSpan.FromHours(1));

    /// <summary>Read in November, a meeting in April still shows at its own wall-clock time (summer time there).</summary>
    [Fact]
    public void A_meeting_across_a_daylight_saving_change_keeps_its_own_offset()
    {
        Assert.Equal("Thu 15 Apr 14:00 UTC+02:00", Times.Local(new DateTimeOffset(2027, 4, 15, 12, 0, 0, TimeSpan.Zero), Berlin, "ddd d MMM HH:mm"));
        Assert.Equal("Thu 26 Nov 17:00 UTC+01:00", Times.Local(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero), Berlin, "ddd d MMM HH:mm"));
    }

    /// <summary>Scheduling: 14:00 on an April day in Berlin is 12:00 UTC (not 13:00, today's offset); a skipped hour is refused.</summary>
    [Fact]
    public void A_wall_clock_start_becomes_the_instant_of_its_own_day()
    {
        Assert.Equal(new DateTimeOffset(2027, 4, 15, 12, 0, 0, TimeSpan.Zero), Times.FromLocal(new DateTime(2027, 4, 15, 14, 0, 0), Berlin));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero), Times.FromLocal(new DateTime(2026, 12, 3, 16, 0, 0), Berlin));
        Assert.Null(Times.FromLocal(new DateTime(2027, 3, 28, 2, 30, 0), Berlin)); // the clocks jump from 02:00 to 03:00
        Assert.Equal(new DateTimeOffset(2027, 4, 15, 14, 0, 0, TimeSpan.Zero), Times.FromLocal(new DateTime(2027, 4, 15, 14, 0, 0), TimeZoneInfo.Utc));
    }

    [Fact]
    public void An_unknown_zone_falls_back_to_the_browsers_offset()
    {
        var zone = Times.ZoneFor("Mars/Olympus_Mons", TimeSpan.FromHours(-5));
        Assert.Equal(TimeSpan.FromHours(-5), zone.GetUtcOffset(DateTimeOffset.UtcNow));
        Assert.Same(TimeZoneInfo.Utc, Times.ZoneFor(null, TimeSpan.Zero));
    }
}
