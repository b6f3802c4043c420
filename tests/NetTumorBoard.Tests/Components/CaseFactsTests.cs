using Bunit;
using Bunit.TestDoubles;
using MudBlazor.Services;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Components;

namespace NetTumorBoard.Tests.Components;

public sealed class CaseFactsTests : BunitContext
{
    public CaseFactsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The prior-therapy editor saves through the real store (covered end to end in PriorTherapiesTests); here only the facts' rendering.
        ComponentFactories.AddStub<NetTumorBoard.Web.Cases.Editing.PriorTherapiesEditor>();
    }

    [Fact]
    public void A_lung_carcinoid_reads_as_histology_with_stage_imaging_and_ongoing_therapy()
    {
        var tumor = new CaseTumor
        {
            PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Ki67Percent = 12.5m,
            Tnm = new Tnm("T2a", "N2", "M0"), StageGroup = "IIIA",
            SstrImaging = new SstrImaging(SstrModality.Ga68Dotatate, true, new DateOnly(2026, 9, 1)),
            PriorTherapies = [new PriorTherapy(Intervention.SomatostatinAnalog, new DateOnly(2026, 1, 5))],
        };
        var cut = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails { Tumor = tumor }));

        Assert.Equal("Atypical carcinoid · Ki-67 12.5\u00a0%", cut.Find("[data-testid=fact-classification]").TextContent);
        Assert.Equal("T2a", cut.Find("[data-testid='fact-tumor.tnm.t'] .fact-value").TextContent);
        Assert.Equal("IIIA", cut.Find("[data-testid='fact-tumor.stageGroup'] .fact-value").TextContent);
        Assert.Equal("68Ga-DOTATATE PET", cut.Find("[data-testid='fact-tumor.sstrImaging.modality'] .fact-value").TextContent);
        Assert.Equal("2026-09-01", cut.Find("[data-testid='fact-tumor.sstrImaging.date'] .fact-value").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='fact-tumor.whoGrade']"));
        Assert.Empty(cut.FindAll("[data-testid^=edit-]"));
        Assert.Contains("ongoing", cut.Markup);
        Assert.Contains("Somatostatin analog", cut.Markup);
    }

    [Fact]
    public void Grade_hints_flag_a_grade_that_disagrees_with_Ki67_and_mitoses()
    {
        var tumor = new CaseTumor { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G1, Ki67Percent = 2, MitosesPer2mm2 = 5 };
        var cut = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails { Tumor = tumor }).Add(c => c.CanEdit, true));
        Assert.Equal("Ki-67 and mitoses disagree; the higher grade counts: G2, but G1 is entered.", cut.Find("[data-testid=grading-hint]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid='edit-tumor.ki67Percent']"));
    }

    [Fact]
    public void An_implied_grade_not_yet_entered_is_offered_for_the_user_to_save_never_stored_by_itself()
    {
        ComponentFactories.AddStub<NetTumorBoard.Web.Cases.Editing.FieldEditor>();
        var tumor = new CaseTumor { PrimarySite = PrimarySite.Pancreas, Ki67Percent = 14 };
        var cut = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails { Tumor = tumor }).Add(c => c.CanEdit, true));
        Assert.StartsWith("Ki-67 implies G2; no WHO grade entered yet.", cut.Find("[data-testid=grading-hint]").TextContent.Trim());
        Assert.Empty(cut.FindComponents<Stub<NetTumorBoard.Web.Cases.Editing.FieldEditor>>());

        var use = cut.Find("[data-testid=grading-hint-use]");
        Assert.Equal("Fill in WHO grade: G2…", use.TextContent.Trim());
        use.Click();
        // The grade's own editor opens with G2 filled in; saving it (with its conflict check) is the user's step.
        var editor = cut.FindComponent<Stub<NetTumorBoard.Web.Cases.Editing.FieldEditor>>();
        Assert.Equal("G2", editor.Instance.Parameters.Get(e => e.Initial));
        Assert.Equal("tumor.whoGrade", editor.Instance.Parameters.Get(e => e.Field).Path);
        // Another field's pencil opens that field with its own value, not the suggested grade.
        cut.Find("[data-testid='edit-tumor.ki67Percent']").Click();
        var other = cut.FindComponent<Stub<NetTumorBoard.Web.Cases.Editing.FieldEditor>>();
        Assert.Equal("tumor.ki67Percent", other.Instance.Parameters.Get(e => e.Field).Path);
        Assert.Null(other.Instance.Parameters.Get(e => e.Initial));

        // A reader gets the hint but no button; a grade already entered and agreeing just says so.
        var reader = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails { Tumor = tumor }));
        Assert.Empty(reader.FindAll("[data-testid=grading-hint-use]"));
        var graded = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails { Tumor = tumor with { WhoGrade = WhoGrade.G2 } }).Add(c => c.CanEdit, true));
        Assert.Equal("Ki-67 implies G2, as entered.", graded.Find("[data-testid=grading-hint]").TextContent.Trim());
        Assert.Empty(graded.FindAll("[data-testid=grading-hint-use]"));
    }

    [Fact]
    public void An_empty_case_says_what_is_missing_instead_of_blank_cells()
    {
        var cut = Render<CaseFacts>(p => p.Add(c => c.Case, new CaseDetails()));
        Assert.Equal("not graded yet", cut.Find("[data-testid=fact-classification]").TextContent);
        Assert.Contains("None recorded.", cut.Markup);
    }

    [Fact]
    public void A_planned_area_says_plainly_that_it_is_not_available_yet()
    {
        var cut = Render<NotYetAvailable>(p => p.Add(c => c.Title, "Meetings").Add(c => c.What, "Scheduling is planned."));
        Assert.Contains("Meetings is not available in this version yet.", cut.Find("[data-testid=not-yet-available]").TextContent);
    }
}
