namespace NetTumorBoard.E2E.Meetings;

/// <summary>
/// A follower in a live meeting who is typing when the chair moves on: the tab does not move away from what they are
/// writing (it was dropped, or — with the case page reused for the next case — carried over to the next patient). It
/// says where the meeting is, and follows as soon as the work is saved or closed; or at once, discarding it, if asked.
/// </summary>
public sealed class FollowWithUnsavedWorkTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_follower_typing_a_comment_stays_until_it_is_posted_on_the_right_case_and_then_follows()
    {
        var first = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-A", new { primarySite = "Pancreas" }, "CAPTEM or PRRT?");
        var second = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-B", new { primarySite = "SmallIntestine" }, "Lanreotide dose escalation?");
        var meetingId = await LiveMeetingAsync("NET board, follow", first, second);
        var follower = await FollowerAsync("oncologist@demo.local", meetingId, first);
        var comment = Field(follower.GetByTestId("comments"), "comment-text");
        await comment.FillAsync("Chromogranin A doubled since July — worth a DOTATATE PET first?");
        await follower.WaitForTimeoutAsync(300); // the typed text has reached the server

        // The chair moves on: the follower stays, told where the meeting is.
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/current-case", new { caseId = second });
        await Assertions.Expect(follower.GetByTestId("meeting-waiting")).ToContainTextAsync("FOLLOW-B");
        await Assertions.Expect(follower.GetByTestId("meeting-waiting")).ToContainTextAsync("a comment");
        await ScreenshotAsync(follower, "meeting-waiting", fullPage: false);
        Assert.EndsWith($"/cases/{first}", follower.Url);
        await Assertions.Expect(comment).ToHaveValueAsync("Chromogranin A doubled since July — worth a DOTATATE PET first?");

        // Posted on the case it was written for; then the tab follows, with nothing carried over.
        await follower.GetByTestId("comment-post").ClickAsync();
        await Assertions.Expect(follower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{second}$"));
        await Assertions.Expect(follower.GetByTestId("meeting-waiting")).ToHaveCountAsync(0);
        await Assertions.Expect(Field(follower.GetByTestId("comments"), "comment-text")).ToHaveValueAsync("");
        var firstCase = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{first}");
        Assert.Contains(firstCase.GetProperty("comments").EnumerateArray(), c => c.GetProperty("text").GetString()!.StartsWith("Chromogranin A doubled"));
        var secondCase = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{second}");
        Assert.Empty(secondCase.GetProperty("comments").EnumerateArray());

        // An open editor of the question: asked to go now, the tab goes, and nothing of it lands on either case.
        await follower.GetByTestId("edit-question").ClickAsync();
        await Field(follower.Locator("body"), "field-input").FillAsync("Typed on FOLLOW-B, never saved");
        await follower.WaitForTimeoutAsync(300);
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/current-case", new { caseId = first });
        await Assertions.Expect(follower.GetByTestId("meeting-waiting")).ToContainTextAsync("FOLLOW-A");
        await follower.GetByTestId("meeting-go").ClickAsync();
        await Assertions.Expect(follower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{first}$"));
        await Assertions.Expect(follower.GetByTestId("case-question")).ToHaveTextAsync("CAPTEM or PRRT?");
        await Assertions.Expect(follower.GetByTestId("field-input")).ToHaveCountAsync(0);
        Assert.Equal("Lanreotide dose escalation?", (await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{second}")).GetProperty("question").GetString());
    }

    /// <summary>
    /// A section whose typed text could not be saved yet (here: the case held by another transaction) is open work too:
    /// the follower stays with it, and follows once it is saved.
    /// </summary>
    [Fact]
    public async Task A_follower_with_section_text_not_yet_saved_stays_until_it_is_saved()
    {
        var first = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-C", new { primarySite = "Pancreas" }, "PRRT?");
        var second = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-D", new { primarySite = "Lung" }, "Adjuvant?");
        var meetingId = await LiveMeetingAsync("NET board, follow 2", first, second);
        var follower = await FollowerAsync("radiologist@demo.local", meetingId, first);
        await follower.GetByTestId("section-toggle-imaging").ClickAsync();
        var editor = follower.GetByTestId("section-editor-imaging");
        await Assertions.Expect(editor).ToHaveAttributeAsync("data-state", "saved"); // the shared editor is attached

        await using (await Host.HoldCaseAsync(first))
        {
            await editor.FillAsync("DOTATATE PET 2026-11: new hepatic lesions, Krenning 3.");
            await Assertions.Expect(follower.GetByTestId("section-error-imaging")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/current-case", new { caseId = second });
            await Assertions.Expect(follower.GetByTestId("meeting-waiting")).ToContainTextAsync("unsaved text in Imaging");
            Assert.EndsWith($"/cases/{first}", follower.Url);
        }

        // Saved (Done), the tab follows.
        await follower.GetByTestId("section-toggle-imaging").ClickAsync();
        await Assertions.Expect(follower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{second}$"), new() { Timeout = 15_000 });
        var saved = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{first}");
        Assert.StartsWith("DOTATATE PET 2026-11", saved.GetProperty("sections").GetProperty("imaging").GetProperty("text").GetString());
    }

    /// <summary>
    /// Open work counts only while its form is on screen: a review form hidden because the board decided the case
    /// meanwhile must not keep the follower from following (the banner would ask to close what cannot be seen).
    /// </summary>
    [Fact]
    public async Task A_form_hidden_by_a_live_change_does_not_keep_a_follower_from_following()
    {
        var first = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-E", new { primarySite = "Pancreas" }, "CAPTEM?");
        var second = await Host.CreateCaseAsync("chair@demo.local", "FOLLOW-F", new { primarySite = "SmallIntestine" }, "SSA?");
        var meetingId = await LiveMeetingAsync("NET board, follow 3", first, second);
        var follower = await FollowerAsync("surgeon@demo.local", meetingId, first);
        await follower.GetByTestId("open-review").ClickAsync();
        await Assertions.Expect(follower.GetByTestId("review-form")).ToBeVisibleAsync();

        // The board decides the case: the review form goes (a decided case is not opened for review).
        var proposal = await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{first}/proposals",
            new { intervention = "Captem", description = "CAPTEM for 6 cycles", offGuidelineRationale = "Recommendation attached after the meeting" });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{first}/decision", new
        {
            proposalId = proposal.GetProperty("proposalId").GetGuid(), rationale = "Bulky progressive disease",
            concordance = new { status = "Deviation", reason = "Recommendation attached after the meeting" }, quorumOverrideReason = "Reviewed in advance",
        });
        await Assertions.Expect(follower.GetByTestId("review-form")).ToHaveCountAsync(0);

        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/current-case", new { caseId = second });
        await Assertions.Expect(follower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{second}$"));
    }

    /// <summary>A meeting of the NET board with these cases on its agenda, started (the first case current).</summary>
    private async Task<Guid> LiveMeetingAsync(string title, params Guid[] cases)
    {
        var meeting = await Host.ApiAsync("coordinator@demo.local", HttpMethod.Post, $"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/meetings",
            new { title, startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, location = "Room 4.12" });
        var meetingId = meeting.GetProperty("id").GetGuid();
        await Host.ApiAsync("coordinator@demo.local", HttpMethod.Put, $"/api/meetings/{meetingId}/agenda",
            new { items = cases.Select(caseId => new { caseId, minutes = 5, triage = "Discuss" }).ToArray() });
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/meetings/{meetingId}/start", new { });
        return meetingId;
    }

    /// <summary>Signs in, joins the meeting and is taken to its current case.</summary>
    private async Task<IPage> FollowerAsync(string email, Guid meetingId, Guid currentCase)
    {
        var follower = await SignInAsync(email, email.Split('@')[0], $"/meetings/{meetingId}");
        await follower.GetByTestId("meeting-join").ClickAsync();
        await Assertions.Expect(follower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{currentCase}$"));
        return follower;
    }
}
