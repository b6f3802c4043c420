namespace NetTumorBoard.E2E.Cases;

/// <summary>Two clinicians on the same case at the same time, in two browsers.</summary>
public sealed class CoEditingTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task Both_type_into_one_section_at_once_and_end_with_the_same_text_holding_all_they_typed()
    {
        var id = await Host.CreateCaseAsync("chair@demo.local", "COEDIT-1", new { primarySite = "Pancreas" }, "Next line of therapy?");
        var radiologist = await SignInAsync("radiologist@demo.local", "radiologist", $"/cases/{id}");
        var pathologist = await SignInAsync("pathologist@demo.local", "pathologist", $"/cases/{id}");

        // Each sees the other in the presence bar.
        await Assertions.Expect(radiologist.Locator("[data-testid=presence-person][data-name='Dr. Paula Pathologist']")).ToBeVisibleAsync();
        await Assertions.Expect(pathologist.Locator("[data-testid=presence-person][data-name='Dr. Raj Radiologist']")).ToBeVisibleAsync();

        await radiologist.GetByTestId("section-toggle-history").ClickAsync();
        await pathologist.GetByTestId("section-toggle-history").ClickAsync();
        var radiologistEditor = radiologist.GetByTestId("section-editor-history");
        var pathologistEditor = pathologist.GetByTestId("section-editor-history");
        await radiologistEditor.ClickAsync();
        await pathologistEditor.ClickAsync();

        // Presence shows the other typing in History.
        await Assertions.Expect(pathologist.GetByTestId("section-editing-history")).ToContainTextAsync("Dr. Raj Radiologist");
        await Assertions.Expect(radiologist.GetByTestId("section-editing-history")).ToContainTextAsync("Dr. Paula Pathologist");
        await ScreenshotAsync(pathologist, "coedit-presence");

        const string byRadiologist = "CT 2026-11: liver metastases segments VI and VII, largest 41 mm, new lesion in segment II. ";
        const string byPathologist = "Biopsy segment VII: well-differentiated NET, Ki-67 14 percent, mitoses 6 per 2 mm2. ";
        await Task.WhenAll(
            radiologistEditor.PressSequentiallyAsync(byRadiologist, new() { Delay = 25 }),
            pathologistEditor.PressSequentiallyAsync(byPathologist, new() { Delay = 25 }));

        // Typing stops; both editors settle on the same text, with everything each one typed.
        string? settled = null;
        for (var i = 0; i < 100 && settled is null; i++)
        {
            await Task.Delay(200);
            var a = await radiologistEditor.InputValueAsync();
            var b = await pathologistEditor.InputValueAsync();
            if (a == b && a.Contains(byRadiologist.Trim()) && a.Contains(byPathologist.Trim()))
            {
                settled = a;
            }
        }
        Assert.True(settled is not null,
            $"editors did not converge:\nradiologist: {await radiologistEditor.InputValueAsync()}\npathologist: {await pathologistEditor.InputValueAsync()}");
        await ScreenshotAsync(radiologist, "coedit-converged");

        // What the board will see is exactly that text.
        await radiologist.GetByTestId("section-toggle-history").ClickAsync();
        await Assertions.Expect(radiologist.GetByTestId("section-text-history")).ToContainTextAsync("largest 41 mm");
        await Assertions.Expect(radiologist.GetByTestId("section-text-history")).ToContainTextAsync("Ki-67 14 percent");
    }

    [Fact]
    public async Task A_stale_field_edit_shows_both_values_and_the_user_chooses()
    {
        var id = await Host.CreateCaseAsync("chair@demo.local", "CONFLICT-1", new { primarySite = "Pancreas", ki67Percent = 10 });
        var oncologist = await SignInAsync("oncologist@demo.local", "oncologist", $"/cases/{id}");
        var pathologist = await SignInAsync("pathologist@demo.local", "pathologist", $"/cases/{id}");

        // The oncologist opens Ki-67; meanwhile the pathologist changes it.
        await oncologist.GetByTestId("edit-tumor.ki67Percent").ClickAsync();
        await pathologist.GetByTestId("edit-tumor.ki67Percent").ClickAsync();
        await Field(pathologist.GetByTestId("field-editor-tumor.ki67Percent"), "field-input").FillAsync("14");
        await pathologist.GetByTestId("field-save").ClickAsync();
        await Assertions.Expect(oncologist.GetByTestId("fact-tumor.ki67Percent")).ToBeVisibleAsync();

        var editor = oncologist.GetByTestId("field-editor-tumor.ki67Percent");
        await Field(editor, "field-input").FillAsync("12");
        await oncologist.GetByTestId("field-save").ClickAsync();
        var conflict = oncologist.GetByTestId("field-conflict");
        await Assertions.Expect(conflict).ToContainTextAsync("now 14");
        await Assertions.Expect(conflict).ToContainTextAsync("yours: 12");
        // … and who changed it, and when: the pathologist's recount is not overwritten blind.
        await Assertions.Expect(conflict.GetByTestId("field-conflict-by")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Dr\. Paula Pathologist at \d\d:\d\d UTC([+−]\d\d:\d\d)?$"));
        await ScreenshotAsync(oncologist, "field-conflict");

        await oncologist.GetByTestId("conflict-use-mine").ClickAsync();
        await Assertions.Expect(oncologist.Locator("[data-testid='fact-tumor.ki67Percent'] .fact-value")).ToHaveTextAsync("12");
        await Assertions.Expect(pathologist.Locator("[data-testid='fact-tumor.ki67Percent'] .fact-value")).ToHaveTextAsync("12");
        await ScreenshotAsync(pathologist, "case-page-after-conflict");

        // Ki-67 12 % implies G2, which nobody has entered: the pathologist takes the offer and saves it herself.
        await pathologist.GetByTestId("grading-hint-use").ClickAsync();
        await Assertions.Expect(pathologist.GetByTestId("field-editor-tumor.whoGrade")).ToContainTextAsync("G2");
        await pathologist.GetByTestId("field-save").ClickAsync();
        await Assertions.Expect(oncologist.Locator("[data-testid='fact-tumor.whoGrade'] .fact-value")).ToHaveTextAsync("G2");
        await Assertions.Expect(oncologist.GetByTestId("grading-hint")).ToContainTextAsync("as entered");
    }
}
