namespace NetTumorBoard.E2E.Reviews;

/// <summary>Review between meetings: the chair asks the pathologist to review and @mentions her; she is told at once.</summary>
public sealed class AsyncReviewTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_mentioned_reviewer_sees_the_notification_appear_without_reload_and_marks_the_case_reviewed()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "REVIEW-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 18 }, "CAPTEM or PRRT?");
        var pathologist = await SignInAsync("pathologist@demo.local", "pathologist", "/cases");
        await Assertions.Expect(pathologist.GetByTestId("notification-bell")).ToBeVisibleAsync();
        await Assertions.Expect(pathologist.GetByTestId("notification-count")).ToHaveCountAsync(0);

        var chair = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        var panel = chair.GetByTestId("review-panel");
        await panel.GetByTestId("open-review").ClickAsync();
        await panel.GetByTestId("review-reviewers").ClickAsync();
        await chair.GetByText("Dr. Paula Pathologist (Pathology)").ClickAsync();
        await chair.Keyboard.PressAsync("Escape");
        await panel.GetByTestId("review-save").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("review-status")).ToContainTextAsync("0 of 1 reviewed");
        await Assertions.Expect(pathologist.GetByTestId("notification-count")).ToHaveTextAsync("1");

        await Field(panel, "comment-text").FillAsync("@pathologist could you recount Ki-67 on the liver core? 18 % would change the grade discussion.");
        await panel.GetByTestId("comment-post").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("comment")).ToContainTextAsync("recount Ki-67");

        // The pathologist never reloads: the count and the list update live.
        await Assertions.Expect(pathologist.GetByTestId("notification-count")).ToHaveTextAsync("2");
        await pathologist.GetByTestId("notification-bell").ClickAsync();
        var mention = pathologist.Locator("[data-testid=notification][data-kind=Mention]");
        await Assertions.Expect(mention).ToContainTextAsync("Dr. Clara Chair mentioned you");
        await Assertions.Expect(mention).ToContainTextAsync("REVIEW-1");
        await pathologist.WaitForTimeoutAsync(400); // the list fades in
        await ScreenshotAsync(pathologist, "notification-centre", fullPage: false);
        await mention.ClickAsync();
        await Assertions.Expect(pathologist).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{caseId}$"));
        await WaitForCircuitAsync(pathologist);

        var herPanel = pathologist.GetByTestId("review-panel");
        await herPanel.GetByTestId("comment-reply").ClickAsync();
        // The reply box replaces the comment box: typed into before it is there, the text went into the box it replaced.
        var reply = herPanel.GetByPlaceholder("Reply");
        await Assertions.Expect(reply).ToBeVisibleAsync();
        await reply.FillAsync("Recounted: 14 % in the hot spot, G2 stands.");
        await herPanel.GetByTestId("comment-post").ClickAsync();
        await herPanel.GetByTestId("mark-reviewed").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("review-status")).ToContainTextAsync("Review complete · all 1 reviewed"); // no longer "due"
        await Assertions.Expect(panel.GetByTestId("review-status")).Not.ToContainTextAsync("Review due");
        await Assertions.Expect(panel.GetByTestId("comment").Nth(1)).ToContainTextAsync("G2 stands");
        await ScreenshotAsync(chair, "case-review-thread");

        await pathologist.GotoAsync("/reviews");
        await Assertions.Expect(pathologist.Locator($"[data-testid=review-row][data-case-id='{caseId}']")).ToContainTextAsync("reviewed");
    }
}
