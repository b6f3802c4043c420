using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Guidelines.Matching;

namespace NetTumorBoard.Tests.Guidelines;

/// <summary>
/// Synthetic NET cases through the matcher with the shipped library: which recommendations must rank near the top,
/// which must not appear at all, and which open question must be flagged.
/// </summary>
public sealed class MatchingTableTests
{
    public sealed record Expectation(string Name, CaseTumor Tumor, string[] Top, string[] Absent, string? OpenQuestion, int Within = 6)
    {
        public override string ToString() => Name;
    }

    private static DateOnly Ago(int months) => DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-months);
    private static readonly SstrImaging SstrPositive = new(SstrModality.Ga68Dotatate, true, Ago(1));
    private static readonly Progression Progressive = new(ProgressionStatus.Progressive, Ago(1), ProgressionTempo.Rapid);
    private static readonly Progression Stable = new(ProgressionStatus.Stable);
    private static PriorTherapy[] Prior(params Intervention[] therapies) => therapies.Select(t => new PriorTherapy(t, Ago(24), Ago(2), BestResponse.StableDisease)).ToArray();

    public static TheoryData<Expectation> Cases() =>
    [
        new Expectation("Progressive bulky G2 panNET after SSA",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 14, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1a"),
                StageGroup = "IV", HepaticTumorBurdenPercent = 45, Progression = Progressive, SstrImaging = SstrPositive, FunctionalSyndrome = FunctionalSyndrome.None, Resected = false,
                PriorTherapies = Prior(Intervention.SomatostatinAnalog) },
            ["pannet-captem-preferred-over-tem", "pannet-everolimus", "pannet-sunitinib", "pannet-prrt-positioning"],
            ["pannet-ssa-first-line", "pannet-adjuvant-none", "sinet-everolimus", "lung-chemotherapy"], "captem-vs-streptozocin-pannet", Within: 8),
        new Expectation("Resected node-positive atypical lung carcinoid",
            new() { PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Ki67Percent = 12, MitosesPer2mm2 = 4, Differentiation = Differentiation.Well,
                Tnm = new("T2a", "N2", "M0"), StageGroup = "IIIA", Resected = true, SstrImaging = SstrPositive },
            ["lung-adjuvant-atypical-node-positive", "any-post-resection-surveillance"], ["lung-everolimus", "lung-adjuvant-atypical-node-negative-none", "lung-carcinoid-localized-resection", "any-mdt-shared-decision"],
            "adjuvant-node-positive-atypical-lung-carcinoid", Within: 2),
        new Expectation("Resected G1 SI-NET without metastases",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G1, Ki67Percent = 1, Differentiation = Differentiation.Well, Tnm = new("T2", "N1", "M0"),
                StageGroup = "III", Resected = true },
            ["sinet-adjuvant-none", "any-post-resection-surveillance"], ["sinet-ssa-first-line", "sinet-everolimus", "gep-liver-cytoreduction", "sinet-prrt-after-ssa"], null, Within: 2),
        new Expectation("Metastatic SI-NET with carcinoid syndrome, SSA-naive",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G1, Ki67Percent = 2, Differentiation = Differentiation.Well, Tnm = new("T3", "N2", "M1a"),
                FunctionalSyndrome = FunctionalSyndrome.CarcinoidSyndrome, SstrImaging = SstrPositive, Progression = Stable, HepaticTumorBurdenPercent = 15 },
            ["sinet-ssa-first-line", "sinet-carcinoid-syndrome"], ["sinet-adjuvant-none", "sinet-prrt-after-ssa", "pannet-everolimus"], null),
        new Expectation("Well-differentiated G3 panNET, Ki-67 30 %",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G3, Ki67Percent = 30, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1a"),
                SstrImaging = SstrPositive },
            ["gep-g3-net-systemic-therapy", "gep-g2g3-first-line-prrt-netter2"], ["pannet-ssa-first-line", "pannet-sunitinib"], null),
        new Expectation("Small incidental non-functioning G1 panNET",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G1, Ki67Percent = 1, Differentiation = Differentiation.Well, Tnm = new("T1", "N0", "M0"),
                StageGroup = "I", Resected = false, FunctionalSyndrome = FunctionalSyndrome.None },
            ["pannet-small-nf-active-surveillance", "pannet-localized-resection"], ["pannet-everolimus", "pannet-adjuvant-none", "gep-g3-net-systemic-therapy"],
            "small-nf-pannet-surveillance-threshold", Within: 3),
        new Expectation("Locally advanced G2 panNET, not resected",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 8, Differentiation = Differentiation.Well, Tnm = new("T4", "N1", "M0"),
                StageGroup = "III", Resected = false },
            ["pannet-induction-chemo-locally-advanced"], ["pannet-everolimus", "pannet-adjuvant-none"], "induction-chemotherapy-locally-advanced-pannet"),
        new Expectation("Resected G2 panNET",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 9, Differentiation = Differentiation.Well, Tnm = new("T2", "N1", "M0"),
                Resected = true },
            ["pannet-adjuvant-none", "any-post-resection-surveillance"], ["pannet-captem-preferred-over-tem", "pannet-localized-resection"], "adjuvant-therapy-after-pannet-resection", Within: 3),
        new Expectation("Resected typical lung carcinoid",
            new() { PrimarySite = PrimarySite.Lung, Histology = LungHistology.TypicalCarcinoid, MitosesPer2mm2 = 1, Necrosis = false, Tnm = new("T1b", "N0", "M0"), Resected = true },
            ["lung-adjuvant-typical-carcinoid-none"], ["lung-adjuvant-atypical-node-positive", "lung-everolimus"], null, Within: 2),
        new Expectation("Resected node-negative atypical lung carcinoid",
            new() { PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, MitosesPer2mm2 = 3, Tnm = new("T2a", "N0", "M0"), Resected = true },
            ["lung-adjuvant-atypical-node-negative-none"], ["lung-adjuvant-atypical-node-positive"], null, Within: 2),
        new Expectation("Metastatic lung carcinoid, SSTR-positive, stable",
            new() { PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Tnm = new("T2", "N1", "M1b"), SstrImaging = SstrPositive, Progression = Stable },
            ["lung-advanced-ssa-or-observation", "lung-everolimus"], ["lung-adjuvant-atypical-node-positive", "lung-chemotherapy", "pannet-everolimus"], null, Within: 3),
        new Expectation("Progressive lung carcinoid after SSA and everolimus",
            new() { PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Tnm = new("T2", "N1", "M1c"), SstrImaging = SstrPositive, Progression = Progressive,
                PriorTherapies = Prior(Intervention.SomatostatinAnalog, Intervention.Everolimus) },
            ["lung-chemotherapy", "lung-prrt"], ["lung-everolimus"], null, Within: 4),
        new Expectation("Insulinoma",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G1, Ki67Percent = 2, Differentiation = Differentiation.Well, FunctionalSyndrome = FunctionalSyndrome.Insulinoma,
                Tnm = new("T1", "N0", "M0"), Resected = false },
            ["pannet-functional-syndrome-control", "pannet-localized-resection"], ["pannet-small-nf-active-surveillance", "sinet-carcinoid-syndrome"], null, Within: 3),
        new Expectation("SI-NET progressing on SSA, SSTR-positive",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G2, Ki67Percent = 5, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1a"),
                SstrImaging = SstrPositive, Progression = Progressive, PriorTherapies = Prior(Intervention.SomatostatinAnalog), Resected = true },
            ["sinet-prrt-after-ssa", "sinet-everolimus"], ["sinet-ssa-first-line", "sinet-adjuvant-none"], "prrt-sequencing-advanced-gep-net", Within: 4),
        new Expectation("Asymptomatic stage IV SI-NET, primary in place",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G1, Ki67Percent = 2, Differentiation = Differentiation.Well, Tnm = new("T3", "N2", "M1a"),
                Resected = false, FunctionalSyndrome = FunctionalSyndrome.None, SstrImaging = SstrPositive, Progression = Stable },
            ["sinet-stage-iv-asymptomatic-primary-resection", "sinet-ssa-first-line"], ["sinet-locoregional-resection", "sinet-adjuvant-none"],
            "primary-resection-asymptomatic-stage-iv-sinet"),
        new Expectation("panNET progressing after CAPTEM and everolimus",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 18, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1c"),
                Progression = Progressive, SstrImaging = SstrPositive, PriorTherapies = Prior(Intervention.SomatostatinAnalog, Intervention.Captem, Intervention.Everolimus) },
            ["pannet-cabozantinib", "pannet-oxaliplatin-salvage"], ["pannet-captem-preferred-over-tem", "pannet-everolimus", "any-mgmt-predictive-biomarker"], null, Within: 6),
        new Expectation("Chemotherapy-naive progressive panNET, MGMT deficient",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 12, Differentiation = Differentiation.Well, Tnm = new("T2", "N0", "M1a"),
                Progression = Progressive, MgmtStatus = MgmtStatus.Deficient },
            ["any-mgmt-predictive-biomarker", "pannet-captem-preferred-over-tem"], ["pannet-oxaliplatin-salvage"], "mgmt-to-select-temozolomide", Within: 8),
        new Expectation("G2 SI-NET with Ki-67 15 %, SSTR-positive, untreated",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G2, Ki67Percent = 15, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1a"),
                SstrImaging = SstrPositive },
            ["gep-g2g3-first-line-prrt-netter2", "sinet-ssa-first-line"], ["sinet-prrt-after-ssa"], null),
        new Expectation("Liver-dominant G1 SI-NET",
            new() { PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G1, Ki67Percent = 1, Differentiation = Differentiation.Well, Tnm = new("T3", "N1", "M1a"),
                HepaticTumorBurdenPercent = 30, SstrImaging = SstrPositive },
            ["gep-liver-cytoreduction"], ["gep-g3-net-systemic-therapy"], null, Within: 8),
        new Expectation("Poorly differentiated pancreatic neuroendocrine carcinoma",
            new() { PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G3, Ki67Percent = 70, Differentiation = Differentiation.Poor, Tnm = new("T3", "N1", "M1a") },
            [], ["gep-g3-net-systemic-therapy", "pannet-captem-preferred-over-tem", "pannet-ssa-first-line", "any-sstr-pet-baseline"], null),
        new Expectation("Rectal NET progressing after SSA",
            new() { PrimarySite = PrimarySite.Rectum, WhoGrade = WhoGrade.G2, Ki67Percent = 6, Differentiation = Differentiation.Well, Tnm = new("T2", "N1", "M1a"),
                Progression = Progressive, PriorTherapies = Prior(Intervention.SomatostatinAnalog) },
            ["epnet-cabozantinib-lung-gi"], ["pannet-everolimus", "sinet-everolimus"], null),
        new Expectation("Pancreatic case with only the site known",
            new() { PrimarySite = PrimarySite.Pancreas },
            [], ["lung-everolimus", "sinet-ssa-first-line"], null, Within: 40),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Suggestions_rank_what_the_guidelines_say_for_the_case(Expectation expected)
    {
        var report = SuggestionsSlice.Rank(new CaseContent(new CasePatient("SYN"), expected.Tumor, "What next?"), ShippedLibrary.Recommendations, ShippedLibrary.OpenQuestions);
        var ranked = report.Suggestions.Select(s => s.RecommendationId).ToList();
        var top = ranked.Take(expected.Within).ToList();
        foreach (var id in expected.Top)
        {
            Assert.True(top.Contains(id), $"{expected.Name}: expected '{id}' in the top {expected.Within}; ranking was:\n  {string.Join("\n  ", ranked)}");
        }
        foreach (var id in expected.Absent)
        {
            Assert.False(ranked.Contains(id), $"{expected.Name}: '{id}' should not apply; ranking was:\n  {string.Join("\n  ", ranked)}");
        }
        var flagged = report.OpenQuestions.Select(q => q.OpenQuestionId).ToList();
        if (expected.OpenQuestion is { } question)
        {
            Assert.Contains(question, flagged);
        }
        foreach (var suggestion in report.Suggestions)
        {
            Assert.NotEmpty(suggestion.Reasons);
        }
    }

    [Fact]
    public void CAPTEM_for_the_bulky_progressive_panNET_carries_the_E2211_evidence()
    {
        var captem = ShippedLibrary.Recommendations.Single(r => r.Key == "pannet-captem-preferred-over-tem");
        Assert.Contains(captem.Content.KeyEvidence, e => e.Trial.Contains("E2211", StringComparison.Ordinal));
        Assert.Equal(Intervention.Captem, captem.Content.Intervention);
    }

    [Fact]
    public void The_adjuvant_lung_question_shows_divergent_positions_and_is_linked_to_its_suggestion()
    {
        var report = SuggestionsSlice.Rank(new CaseContent(new CasePatient("LUN"), new CaseTumor
        {
            PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Tnm = new Tnm("T2a", "N2", "M0"), Resected = true,
        }, null), ShippedLibrary.Recommendations, ShippedLibrary.OpenQuestions);
        var suggestion = report.Suggestions.Single(s => s.RecommendationId == "lung-adjuvant-atypical-node-positive");
        Assert.Equal("adjuvant-node-positive-atypical-lung-carcinoid", suggestion.OpenQuestionId);
        Assert.Equal(Web.Guidelines.ConsensusStatus.Divergent, suggestion.Consensus);
        var question = ShippedLibrary.OpenQuestions.Single(q => q.Id == suggestion.OpenQuestionId);
        Assert.True(question.Positions.Select(p => p.Guideline).Distinct().Count() >= 2);
    }

    [Fact]
    public void The_shipped_library_covers_the_three_sites_and_stays_a_draft()
    {
        Assert.True(ShippedLibrary.Recommendations.Count >= 35);
        foreach (var site in new[] { PrimarySite.Pancreas, PrimarySite.SmallIntestine, PrimarySite.Lung })
        {
            Assert.True(ShippedLibrary.Recommendations.Count(r => r.Content.Sites.Contains(site)) >= 8, site.ToString());
        }
        Assert.All(ShippedLibrary.File.Recommendations, r => Assert.Equal(Web.Guidelines.ReviewStatus.Draft, r.ReviewStatus));
    }
}
