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
}
