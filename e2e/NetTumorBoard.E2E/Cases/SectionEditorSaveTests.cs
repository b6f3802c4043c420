namespace NetTumorBoard.E2E.Cases;

/// <summary>
/// Closing a section editor ("Done") while its last burst cannot be saved: the editor must stay open with the text and
/// say why (it closed at once, and the text was gone with it), and close once the text is saved.
/// </summary>
public sealed class SectionEditorSaveTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task Done_keeps_the_editor_open_with_the_text_until_it_is_saved()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "SAVE-1", new { primarySite = "Pancreas" }, "CAPTEM or PRRT?");
        var page = await SignInAsync("chair@demo.local", "chair", $"/cases/{caseId}");
        await page.GetByTestId("section-toggle-history").ClickAsync();
        var editor = page.GetByTestId("section-editor-history");
        await Assertions.Expect(editor).ToBeVisibleAsync();
        await Assertions.Expect(editor).ToHaveAttributeAsync("data-state", "saved"); // the shared editor is attached

        // The case is held by another transaction: every attempt to write the section times out.
        const string Typed = "Lanreotide since 2024; progression on CT 2026-10 with new liver lesions.";
        await using (await Host.HoldCaseAsync(caseId))
        {
            await editor.FillAsync(Typed);
            // The burst goes out after a pause in typing and is refused after its attempts (each waits for the lock).
            await Assertions.Expect(page.GetByTestId("section-error-history")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // Done sends it once more — refused again — and the editor stays open with the text.
            await page.GetByTestId("section-toggle-history").ClickAsync();
            await page.WaitForTimeoutAsync(6_000); // longer than that last attempt takes
            await Assertions.Expect(page.GetByTestId("section-error-history")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("section-error-history")).ToBeInViewportAsync(); // not under the editor, off screen
            // The words fit a case held by someone's save as well as many writers (it read "many people at once" to a lone editor).
            await Assertions.Expect(page.GetByTestId("section-error-history")).ToContainTextAsync("Your text is not saved yet (it stays here)");
            await Assertions.Expect(editor).ToHaveValueAsync(Typed);
            await Assertions.Expect(page.GetByTestId("section-toggle-history")).ToHaveTextAsync("Done");
            await ScreenshotAsync(page, "section-not-saved", fullPage: false);
        }

        // Free again: "Save again" saves it without closing the editor; then Done closes it.
        await page.GetByTestId("section-retry-history").ClickAsync();
        await Assertions.Expect(page.GetByTestId("section-error-history")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(editor).ToHaveAttributeAsync("data-state", "saved");
        await page.GetByTestId("section-toggle-history").ClickAsync();
        await Assertions.Expect(page.GetByTestId("section-text-history")).ToContainTextAsync("new liver lesions");
        var saved = await Host.ApiAsync("chair@demo.local", HttpMethod.Get, $"/api/cases/{caseId}");
        Assert.Equal(Typed, saved.GetProperty("sections").GetProperty("history").GetProperty("text").GetString());
    }
}
