using System.Globalization;

namespace NetTumorBoard.Web.Cases;

/// <summary>How case facts read on screen: short, unambiguous, with units.</summary>
public static class CaseFormat
{
    private static readonly CultureInfo Display = CultureInfo.InvariantCulture;

    public static string Number(decimal value) => value.ToString("0.##", Display);

    public static string Patient(CasePatient patient)
    {
        var parts = new List<string>();
        if (patient.BirthYear is { } year)
        {
            parts.Add($"born {year}");
        }
        if (patient.Sex is { } sex and not Sex.Unknown)
        {
            parts.Add(sex.ToString().ToLowerInvariant());
        }
        return string.Join(", ", parts);
    }

    public static string Classification(PrimarySite? site, LungHistology? histology, WhoGrade? grade, decimal? ki67)
    {
        var parts = new List<string>();
        if (site == PrimarySite.Lung && histology is { } h)
        {
            parts.Add(h.Display());
        }
        else if (grade is { } g)
        {
            parts.Add($"NET {g}");
        }
        if (ki67 is { } k)
        {
            parts.Add($"Ki-67 {Number(k)}\u00a0%");
        }
        return parts.Count == 0 ? "not graded yet" : string.Join(" · ", parts);
    }

    /// <summary>The classification led by the primary site ("Pancreas · NET G2 · Ki-67 14 %"), for screens with no site of their own (room screen, agenda, review queue, minutes).</summary>
    public static string SiteAndClassification(PrimarySite? site, LungHistology? histology, WhoGrade? grade, decimal? ki67) =>
        site is { } s ? $"{s.Display()} · {Classification(site, histology, grade, ki67)}" : Classification(site, histology, grade, ki67);

    public static string Tnm(Tnm? tnm, string? stage)
    {
        var tnmText = tnm is null ? "" : string.Concat(tnm.T, " ", tnm.N, " ", tnm.M).Trim();
        return (tnmText, stage) switch
        {
            ("", null or "") => "—",
            (_, null or "") => tnmText,
            ("", _) => $"stage {stage}",
            _ => $"{tnmText} (stage {stage})",
        };
    }

    public static string YesNo(bool? value, string yes = "positive", string no = "negative") =>
        value switch { true => yes, false => no, null => "—" };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", Display) ?? "—";

    /// <summary>Names a clinician writes differently from how the code splits them ("CAPTEM", not "Captem"; "177Lu-PRRT", not "Prrt lu177").</summary>
    private static readonly Dictionary<Enum, string> ClinicalNames = new()
    {
        [Intervention.SomatostatinAnalog] = "Somatostatin analog",
        [Intervention.PrrtLu177] = "177Lu-PRRT",
        [Intervention.Captem] = "CAPTEM",
        [Intervention.StreptozocinFluorouracil] = "Streptozocin + 5-FU",
        [Intervention.StreptozocinDoxorubicin] = "Streptozocin + doxorubicin",
        [Intervention.PlatinumBased] = "Platinum-based chemotherapy",
        [Intervention.LiverDirected] = "Liver-directed therapy",
        [Intervention.SstrImaging] = "SSTR imaging",
        [Intervention.MgmtTesting] = "MGMT testing",
        [FunctionalSyndrome.VIPoma] = "VIPoma",
    };

    /// <summary>
    /// A plan under its interventions ("CAPTEM + Somatostatin analog: 6 cycles, restage after 3"), without saying the
    /// intervention twice when the plan's text already starts with it ("CAPTEM for 6 cycles", not "CAPTEM: CAPTEM for 6 cycles").
    /// </summary>
    public static string Plan(Intervention main, IEnumerable<Intervention>? additional, string plan)
    {
        var extra = additional?.ToList() ?? [];
        var label = Words(main) + string.Concat(extra.Select(i => " + " + Words(i)));
        var text = plan.Trim();
        var repeats = extra.Count == 0 && text.StartsWith(label, StringComparison.OrdinalIgnoreCase)
            && (text.Length == label.Length || !char.IsLetterOrDigit(text[label.Length]));
        return repeats ? text : $"{label}: {text}";
    }

    public static string Words(Enum? value) =>
        value is null ? "—"
        : ClinicalNames.TryGetValue(value, out var name) ? name
        : string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
