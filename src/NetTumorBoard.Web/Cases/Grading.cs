namespace NetTumorBoard.Web.Cases;

/// <param name="Field">When the implied value's field is empty: that field, which the page offers to fill in (the user saves it; nothing is stored by itself).</param>
/// <param name="Value">The implied value, as an editor's input (e.g. "G2").</param>
public sealed record GradingHint(string Text, bool Warning, string? Field = null, string? Value = null);

/// <summary>
/// What the entered numbers imply (shown, never stored): WHO 2019/2022 GEP grade from Ki-67 and mitoses (the higher
/// wins), and typical vs atypical lung carcinoid from mitoses and necrosis (WHO thoracic 2021).
/// </summary>
public static class Grading
{
    public static WhoGrade? GradeFromKi67(decimal? ki67) => ki67 switch
    {
        null => null,
        < 3 => WhoGrade.G1,
        <= 20 => WhoGrade.G2,
        _ => WhoGrade.G3,
    };

    public static WhoGrade? GradeFromMitoses(decimal? mitoses) => mitoses switch
    {
        null => null,
        < 2 => WhoGrade.G1,
        <= 20 => WhoGrade.G2,
        _ => WhoGrade.G3,
    };

    public static WhoGrade? ImpliedGrade(decimal? ki67, decimal? mitoses)
    {
        var a = GradeFromKi67(ki67);
        var b = GradeFromMitoses(mitoses);
        return a is null ? b : b is null ? a : (WhoGrade)Math.Max((int)a.Value, (int)b.Value);
    }

    public static LungHistology? ImpliedLungHistology(decimal? mitoses, bool? necrosis) => (mitoses, necrosis) switch
    {
        ( >= 2 and <= 10, _) => LungHistology.AtypicalCarcinoid,
        (_, true) => LungHistology.AtypicalCarcinoid,
        ( < 2, false) => LungHistology.TypicalCarcinoid,
        _ => null,
    };

    public static IReadOnlyList<GradingHint> Hints(CaseTumor tumor)
    {
        var hints = new List<GradingHint>();
        if (tumor.PrimarySite == PrimarySite.Lung)
        {
            if (tumor.MitosesPer2mm2 is > 10)
            {
                hints.Add(new GradingHint("More than 10 mitoses per 2 mm² exceeds the carcinoid range: consider large-cell neuroendocrine carcinoma.", true));
            }
            else if (ImpliedLungHistology(tumor.MitosesPer2mm2, tumor.Necrosis) is { } implied)
            {
                var basis = tumor.Necrosis is null ? "mitoses" : "mitoses and necrosis";
                hints.Add(tumor.Histology switch
                {
                    null => new GradingHint($"The {basis} imply {implied.Display().ToLowerInvariant()}; not entered yet.", false, "tumor.histology", implied.ToString()),
                    var entered when entered != implied =>
                        new GradingHint($"The {basis} imply {implied.Display().ToLowerInvariant()}, but {entered.Value.Display().ToLowerInvariant()} is entered.", true),
                    _ => new GradingHint($"The {basis} imply {implied.Display().ToLowerInvariant()}, as entered.", false),
                });
            }
            return hints;
        }
        if (ImpliedGrade(tumor.Ki67Percent, tumor.MitosesPer2mm2) is { } grade)
        {
            var basis = (tumor.Ki67Percent, tumor.MitosesPer2mm2) switch
            {
                (not null, not null) when GradeFromKi67(tumor.Ki67Percent) != GradeFromMitoses(tumor.MitosesPer2mm2) => "Ki-67 and mitoses disagree; the higher grade counts:",
                (not null, not null) => "Ki-67 and mitoses imply",
                (not null, null) => "Ki-67 implies",
                _ => "Mitoses imply",
            };
            hints.Add(tumor.WhoGrade switch
            {
                null => new GradingHint($"{basis} {grade}; no WHO grade entered yet.", false, "tumor.whoGrade", grade.ToString()),
                var entered when entered != grade => new GradingHint($"{basis} {grade}, but {entered} is entered.", true),
                _ => new GradingHint($"{basis} {grade}, as entered.", false),
            });
            if (grade == WhoGrade.G3 && tumor.Differentiation == Differentiation.Poor)
            {
                hints.Add(new GradingHint("Poorly differentiated with high proliferation: neuroendocrine carcinoma rather than NET G3?", true));
            }
        }
        return hints;
    }
}
