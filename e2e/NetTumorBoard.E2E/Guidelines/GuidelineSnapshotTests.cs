namespace NetTumorBoard.E2E.Guidelines;

public sealed class GuidelineSnapshotTests(E2EHost host) : BrowserTest(host)
{
    private const string LungCase = "/cases/0193a000-0000-7000-8000-00000000c003";
    private const string Adjuvant = "lung-adjuvant-atypical-node-positive";

    [Fact]
    public async Task An_attached_recommendation_keeps_its_text_when_an_editor_revises_it_and_the_case_says_a_newer_version_exists()
    {
        var chair = await SignInAsync("chair@demo.local", "chair", LungCase);
        await Assertions.Expect(chair.GetByTestId("open-question-flag")).ToContainTextAsync("atypical lung carcinoid");
        await chair.GetByTestId("toggle-suggestions").ClickAsync();
        var suggestion = chair.Locator($"[data-testid=suggestion][data-recommendation-id='{Adjuvant}']");
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await ScreenshotAsync(chair, "case-suggestions");
        var offeredText = await suggestion.GetByTestId("suggestion-text").InnerTextAsync(); // what it says, not only its title

        await suggestion.GetByTestId("attach").ClickAsync();
        await Field(suggestion, "attach-comment").FillAsync("pN2 after R0 lobectomy");
        await suggestion.GetByTestId("attach-confirm").ClickAsync();
        var attached = chair.Locator($"[data-testid=attached-recommendation][data-recommendation-id='{Adjuvant}']");
        await Assertions.Expect(attached).ToBeVisibleAsync();
        var originalText = await attached.GetByTestId("attached-text").InnerTextAsync();
        Assert.Equal(originalText, offeredText);
        await Assertions.Expect(suggestion).ToHaveCountAsync(0); // attached: no longer offered below as if it were not

        var editor = await SignInAsync("editor@demo.local", "editor", "/guidelines");
        var card = editor.Locator($"[data-testid=recommendation-card][data-recommendation-id='{Adjuvant}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("review-badge")).ToContainTextAsync("Draft");
        await ScreenshotAsync(editor, "guidelines-page", fullPage: false);
        await card.GetByTestId("edit-recommendation").ClickAsync();
        var text = Field(editor.GetByTestId("edit-recommendation-dialog"), "edit-recommendation-text");
        await text.FillAsync(originalText + " Discuss trial enrolment where available.");
        await Field(editor.GetByTestId("edit-recommendation-dialog"), "edit-recommendation-reason").FillAsync("Add trial enrolment");
        await editor.GetByTestId("save-recommendation").ClickAsync();
        await Assertions.Expect(card.GetByTestId("recommendation-text")).ToContainTextAsync("trial enrolment");

        // The case still shows what was attached, and says that a newer version exists, with the changes.
        await Assertions.Expect(attached.GetByTestId("newer-version")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.Equal(originalText, await attached.GetByTestId("attached-text").InnerTextAsync());
        await attached.GetByTestId("show-changes").ClickAsync();
        await Assertions.Expect(attached.GetByTestId("recommendation-diff").Locator("ins", new() { HasText = "trial" }).First).ToBeVisibleAsync();
        // Offered again, as what it is: its newer version.
        await Assertions.Expect(suggestion.GetByTestId("attach")).ToHaveTextAsync("Attach the newer version");
        await ScreenshotAsync(chair, "case-newer-version");
    }

    /// <summary>
    /// Someone saves a newer version while an editor has the dialog open: the editor's text stays, the dialog says what
    /// the other version reads, and saving again makes the edit the next version (before, every retry failed the
    /// same way and only Cancel — losing the edit — got out).
    /// </summary>
    [Fact]
    public async Task An_edit_overtaken_by_a_newer_version_stays_and_saves_on_the_second_try()
    {
        const string Key = "sinet-everolimus";
        var editor = await SignInAsync("editor@demo.local", "editor", "/guidelines");
        var card = editor.Locator($"[data-testid=recommendation-card][data-recommendation-id='{Key}']");
        await card.GetByTestId("edit-recommendation").ClickAsync();
        var dialog = editor.GetByTestId("edit-recommendation-dialog");
        var text = Field(dialog, "edit-recommendation-text");
        var edited = await text.InputValueAsync() + " Re-checked against the 2026 update.";
        await text.FillAsync(edited);
        await Field(dialog, "edit-recommendation-reason").FillAsync("Re-checked");

        // Meanwhile another editor marks the version verified: a newer version.
        var current = await Host.ApiAsync("editor@demo.local", HttpMethod.Get, $"/api/guidelines/{Key}");
        await Host.ApiAsync("editor@demo.local", HttpMethod.Post, $"/api/guidelines/{Key}/verification", new { version = current.GetProperty("version").GetInt64(), note = "Checked against the guideline text" });

        await editor.GetByTestId("save-recommendation").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("edit-recommendation-error")).ToContainTextAsync("Someone saved version");
        await Assertions.Expect(text).ToHaveValueAsync(edited);
        await editor.GetByTestId("save-recommendation").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(card.GetByTestId("recommendation-text")).ToContainTextAsync("Re-checked against the 2026 update.");
    }

    [Fact]
    public async Task An_editor_verifies_a_recommendation_only_by_saying_what_it_was_checked_against()
    {
        // A recommendation of this test's own (verifying cannot be undone; the shipped ones stay Draft for other tests).
        var library = await Host.ApiAsync("editor@demo.local", HttpMethod.Get, "/api/guidelines/export");
        var content = System.Text.Json.Nodes.JsonNode.Parse(library.GetProperty("recommendations").EnumerateArray()
            .First(r => r.GetProperty("id").GetString() == "pannet-sunitinib").GetRawText())!.AsObject();
        content.Remove("id");
        content.Remove("reviewStatus");
        var id = $"e2e-verify-{Guid.NewGuid():N}"[..24];
        content["title"] = $"Sunitinib, copy for verification {id}";
        await Host.ApiAsync("editor@demo.local", HttpMethod.Post, "/api/guidelines", new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["content"] = content });

        var editor = await SignInAsync("editor@demo.local", "editor", $"/guidelines");
        var card = editor.Locator($"[data-testid=recommendation-card][data-recommendation-id='{id}']");
        await Assertions.Expect(card.GetByTestId("review-badge")).ToContainTextAsync("Draft");
        await card.GetByTestId("verify-recommendation").ClickAsync();
        await card.GetByTestId("verify-confirm").ClickAsync();
        await Assertions.Expect(card.GetByTestId("verify-form")).ToContainTextAsync("Say what you checked it against");
        await Assertions.Expect(card.GetByTestId("review-badge")).ToContainTextAsync("Draft");

        await Field(card, "verify-note").FillAsync("ENETS 2023 panNET guidance, section 4.3");
        await card.GetByTestId("verify-confirm").ClickAsync();
        await Assertions.Expect(card.GetByTestId("review-badge")).ToHaveTextAsync("Verified");
        await Assertions.Expect(card.GetByTestId("verification-note")).ToContainTextAsync("ENETS 2023 panNET guidance, section 4.3"); // what it rests on, for whoever relies on it
        await Assertions.Expect(card.GetByTestId("verify-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Open_questions_show_each_guideline_position_side_by_side()
    {
        var page = await SignInAsync("oncologist@demo.local", "oncologist", "/guidelines/open-questions");
        var question = page.Locator("[data-testid=open-question][data-question-id='adjuvant-node-positive-atypical-lung-carcinoid']");
        await Assertions.Expect(question).ToBeVisibleAsync();
        Assert.True(await question.Locator(".position").CountAsync() >= 2);
        // A position read off a comparison table is "found in cited source", never shown as if the guideline had been checked.
        var ncnn = question.Locator(".position", new() { HasText = "per Ramirez et al. 2021" }).First;
        await Assertions.Expect(ncnn.GetByTestId("verification-mark")).ToHaveTextAsync("found in cited source");
        await Assertions.Expect(page.GetByTestId("open-questions-legend")).ToContainTextAsync("rather than the guideline's own text");
        await ScreenshotAsync(page, "open-questions");
    }
}
