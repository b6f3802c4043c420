namespace NetTumorBoard.E2E.Decisions;

public sealed class LiveVotingTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task Three_members_vote_and_all_see_the_tally_live_then_the_chair_records_the_decision()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "VOTE-1", new { primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 14 }, "CAPTEM or PRRT?");
        await Host.ApiAsync("chair@demo.local", HttpMethod.Post, $"/api/cases/{caseId}/proposals",
            new { intervention = "Captem", description = "CAPTEM for 6 cycles, restage after 3", offGuidelineRationale = "Recommendation attached after the meeting" });

        var oncologist = await SignInAsync("oncologist@demo.local", "oncologist", $"/cases/{caseId}");
        var surgeon = await SignInAsync("surgeon@demo.local", "surgeon", $"/cases/{caseId}");
        var radiologist = await SignInAsync("radiologist@demo.local", "radiologist", $"/cases/{caseId}");
        var pages = new[] { oncologist, surgeon, radiologist };

        async Task ExpectTally(int support, int oppose)
        {
            foreach (var page in pages)
            {
                var tally = page.GetByTestId("proposal").First.GetByTestId("tally");
                await Assertions.Expect(tally).ToHaveAttributeAsync("data-support", support.ToString(), new() { Timeout = 5_000 });
                await Assertions.Expect(tally).ToHaveAttributeAsync("data-oppose", oppose.ToString(), new() { Timeout = 5_000 });
            }
        }

        await oncologist.GetByTestId("vote-support").ClickAsync();
        await ExpectTally(1, 0);
        await Field(surgeon.GetByTestId("my-vote"), "vote-comment").FillAsync("Would resect the primary and liver first");
        await surgeon.GetByTestId("vote-oppose").ClickAsync();
        await ExpectTally(1, 1);
        await radiologist.GetByTestId("vote-support").ClickAsync();
        await ExpectTally(2, 1);
        // Everyone sees why the surgeon is against, and each vote by its mark, not only its colour.
        await Assertions.Expect(radiologist.GetByTestId("vote-reason")).ToContainTextAsync("(voted against): Would resect the primary and liver first");
        await Assertions.Expect(radiologist.GetByTestId("voter").Filter(new() { HasText = "SUR" })).ToContainTextAsync("✗");
        // The quorum says in words who voted and who has not — the surgeon voted (against), so surgery is "voted", never a ✗.
        var quorum = radiologist.GetByTestId("quorum").First;
        await Assertions.Expect(quorum.Locator("[data-testid=quorum-group][data-covered=true]", new() { HasText = "SUR" })).ToBeVisibleAsync();
        await Assertions.Expect(quorum.Locator("[data-testid=quorum-group][data-covered=false]", new() { HasText = "PAT" })).ToBeVisibleAsync();
        await Assertions.Expect(quorum).ToContainTextAsync("no vote yet:");
        await Assertions.Expect(quorum).Not.ToContainTextAsync("✗");
        // Three of the six voters the board needs: the bar keeps room for the other three instead of reading as a clear majority.
        await Assertions.Expect(radiologist.GetByTestId("proposal").First.GetByTestId("tally-needed")).ToHaveTextAsync("3 more voters needed");
        await ScreenshotAsync(radiologist, "voting-live");

        var chair = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        await Assertions.Expect(chair.GetByTestId("quorum").First).ToHaveAttributeAsync("data-met", "false");
        await chair.GetByTestId("finalize").ClickAsync();
        var dialog = chair.GetByTestId("finalize-dialog");
        await Assertions.Expect(dialog.GetByTestId("finalize-readiness")).ToContainTextAsync("ECOG performance status is missing.");
        await Assertions.Expect(dialog).ToContainTextAsync("(2 for · 1 against · 0 abstained)"); // the votes in the same words as the record
        await Field(dialog, "finalize-rationale").FillAsync("Progressive G2 panNET with bulky liver disease: cytoreduction by CAPTEM.");
        await Field(dialog, "finalize-override").FillAsync("Pathology and nuclear medicine reviewed in advance and agreed");
        await chair.Keyboard.PressAsync("Tab");
        await chair.WaitForTimeoutAsync(400); // the fields' labels finish moving up (captured mid-way they sat on the text)
        await ScreenshotAsync(chair, "finalize-dialog", fullPage: false);
        await chair.GetByTestId("finalize-save").ClickAsync();

        foreach (var page in pages.Append(chair))
        {
            var decision = page.GetByTestId("decision");
            await Assertions.Expect(decision).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Assertions.Expect(decision.GetByTestId("decision-plan")).ToContainTextAsync("CAPTEM for 6 cycles");
            await Assertions.Expect(decision.GetByTestId("dissent")).ToContainTextAsync("Would resect the primary and liver first");
            await Assertions.Expect(decision.GetByTestId("concordance")).ToContainTextAsync("Deviates from the guidelines");
            await Assertions.Expect(decision.GetByTestId("quorum-override")).ToContainTextAsync("reviewed in advance");
            // What the work-up lacked is part of the record, for everyone and for audits later.
            await Assertions.Expect(decision.GetByTestId("decision-missing")).ToContainTextAsync("ECOG performance status is missing.");
        }
        await Assertions.Expect(chair.GetByTestId("case-status")).ToHaveTextAsync("Decided");
        // Voting is over: the proposal's quorum reads as it was, and who did not vote (not "no vote yet").
        var closed = chair.GetByTestId("proposal").First.GetByTestId("quorum");
        await Assertions.Expect(closed).ToContainTextAsync("Quorum was not met");
        await Assertions.Expect(closed).ToContainTextAsync("did not vote:");
        await Assertions.Expect(closed).Not.ToContainTextAsync("no vote yet");
        await Assertions.Expect(chair.GetByTestId("decision-against")).ToHaveCountAsync(0); // more for than against
        await ScreenshotAsync(chair, "decision-recorded");

        // An amendment is a new entry with its reason; the recorded rationale stays visible, and everyone sees it.
        await chair.GetByTestId("decision-open-amend").ClickAsync();
        await Field(chair.GetByTestId("decision"), "decision-reason").FillAsync("MGMT result received after the meeting");
        await Field(chair.GetByTestId("decision"), "decision-rationale-input").FillAsync("CAPTEM; MGMT-deficient tumour supports temozolomide.");
        await chair.GetByTestId("decision-amend").ClickAsync();
        foreach (var page in pages.Append(chair))
        {
            await Assertions.Expect(page.GetByTestId("amendment")).ToContainTextAsync("by Dr. Clara Chair: MGMT result received after the meeting");
            await Assertions.Expect(page.GetByTestId("decision-rationale")).ToContainTextAsync("recorded as: “Progressive G2 panNET");
        }
        await ScreenshotAsync(pages[0], "decision-amended", fullPage: false);

        await chair.GotoAsync("/decisions");
        await WaitForCircuitAsync(chair);
        await Assertions.Expect(chair.Locator($"[data-testid=register-row][data-case-id='{caseId}']")).ToContainTextAsync("VOTE-1");
        // Counted from the case's creation, and named so (it read "after presentation", which meant a meeting).
        await Assertions.Expect(chair.Locator($"[data-testid=register-row][data-case-id='{caseId}']")).ToContainTextAsync("within a day of submission");
        await Assertions.Expect(chair.Locator("body")).ToContainTextAsync("median days from submission to decision");
        await Assertions.Expect(chair.Locator($"[data-testid=register-row][data-case-id='{caseId}'] [data-testid=register-basis]")).ToHaveTextAsync("Basis: no recommendation linked");
        await ScreenshotAsync(chair, "decision-register", fullPage: false);
    }
}
