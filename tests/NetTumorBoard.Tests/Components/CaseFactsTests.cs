using Bunit;
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
