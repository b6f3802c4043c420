namespace NetTumorBoard.E2E.Meetings;

/// <summary>
/// Meeting times in the reader's own zone, with the offset of the meeting's own day: read in November in Berlin, an
/// April meeting shows at its summer-time wall clock (an offset taken from today put it an hour early).
/// </summary>
public sealed class MeetingTimesTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_meeting_after_the_clocks_change_shows_at_its_own_local_time()
    {
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title = "NET board, spring", startsAt = new DateTimeOffset(2027, 4, 15, 12, 0, 0, TimeSpan.Zero), durationMinutes = 60 });
        var id = meeting.GetProperty("id").GetGuid();

        var coordinator = await SignInAsync("coordinator@demo.local", "coordinator-berlin", $"/meetings/{id}", timezoneId: "Europe/Berlin");
        await Assertions.Expect(coordinator.GetByTestId("meeting-when")).ToContainTextAsync("Thursday 15 April 2027, 14:00 UTC+02:00");
        await coordinator.GotoAsync("/meetings");
        await WaitForCircuitAsync(coordinator);
        await Assertions.Expect(coordinator.Locator("body")).ToContainTextAsync("Thu 15 Apr 2027, 14:00 UTC+02:00");
        // The scheduling dialog names the zone it converts in (each day with its own offset).
        await coordinator.GetByTestId("schedule-meeting").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("meeting-zone")).ToContainTextAsync("Europe/Berlin");
        await ScreenshotAsync(coordinator, "schedule-meeting-zone", fullPage: false);
    }
}
