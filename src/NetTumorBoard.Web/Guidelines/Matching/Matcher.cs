using NetTumorBoard.Web.Cases;

namespace NetTumorBoard.Web.Guidelines.Matching;

public sealed record MissingFact(string Field, string Reason);

public sealed record Evaluation(bool Excluded, IReadOnlyList<string> Reasons, IReadOnlyList<MissingFact> Missing)
{
    /// <summary>Fully matched, specific records first; each unknown fact costs more than a matched one earns.</summary>
    public int Score => Excluded ? int.MinValue : Reasons.Count * 10 - Missing.Count * 12;
}

/// <summary>
/// Decides from data (an <see cref="Applicability"/>) whether a recommendation or open question applies to a case:
/// each criterion holds (a reason), fails (excluded), or cannot be judged because a field is empty (missing).
/// </summary>
public static class Matcher
{
    public static Evaluation Evaluate(Applicability a, CaseFacts f)
    {
        var reasons = new List<string>();
        var missing = new List<MissingFact>();
        var excluded = false;

        // Criteria the record does not set are skipped without evaluating anything.
        void Check(bool present, Func<bool?> holds, Func<string> reason, string field, string missingReason)
        {
            if (!present || excluded)
            {
                return;
            }
            switch (holds())
            {
                case true: reasons.Add(reason()); break;
                case false: excluded = true; break;
                default: missing.Add(new MissingFact(field, missingReason)); break;
            }
        }

        Check(a.Sites is { Count: > 0 }, () => f.Site is { } site ? a.Sites!.Contains(site) : null,
            () => $"Primary site: {f.Site?.Display().ToLowerInvariant()}", "tumor.primarySite", "Primary site is not recorded.");
        Check(a.Histologies is { Count: > 0 }, () => f.Histology is { } h ? a.Histologies!.Contains(h) : null,
            () => $"Histology: {f.Histology?.Display().ToLowerInvariant()}", "tumor.histology", "Lung carcinoid type (typical/atypical) is not recorded.");
        Check(a.Grades is { Count: > 0 }, () => f.Grade is { } g ? a.Grades!.Contains(g) : null,
            () => $"WHO grade {f.Grade}{(f.GradeImplied ? " (implied by Ki-67/mitoses)" : "")}", "tumor.whoGrade", "WHO grade is not recorded.");
        Check(a.Ki67 is not null, () => f.Ki67 is { } k ? a.Ki67!.Contains(k) : null,
            () => $"Ki-67 {f.Ki67:0.##} % within {Range(a.Ki67)}", "tumor.ki67Percent", "Ki-67 is not recorded.");
        Check(a.Differentiation is not null, () => f.Differentiation is { } d ? d == a.Differentiation : null,
            () => $"{f.Differentiation}-differentiated", "tumor.differentiation", "Differentiation is not recorded.");
        Check(a.Metastatic is not null, () => f.Metastatic is { } met ? met == a.Metastatic : null,
            () => f.Metastatic == true ? "Metastatic disease" : "No distant metastases", "tumor.tnm.m", "Metastatic status (M or stage) is not recorded.");
        Check(a.Resected is not null, () => f.Resected is { } r ? r == a.Resected : null,
            () => f.Resected == true ? "Resected" : "Not resected", "tumor.resected", "Whether the tumor was resected is not recorded.");
        Check(a.NodePositive is not null, () => f.NodePositive is { } np ? np == a.NodePositive : null,
            () => f.NodePositive == true ? "Node-positive" : "Node-negative", "tumor.tnm.n", "Nodal status (N) is not recorded.");
        Check(a.LocallyAdvanced is not null, () => f.LocallyAdvanced is { } la ? la == a.LocallyAdvanced : null,
            () => f.LocallyAdvanced == true ? "Locally advanced, not metastatic" : "Not locally advanced", "tumor.stageGroup", "Resectability (T4/stage III, not resected) is not clear.");
        Check(a.Progression is { Count: > 0 }, () => f.Progression is { } p ? a.Progression!.Contains(p) : null,
            () => $"Disease {f.Progression?.ToString().ToLowerInvariant()}", "tumor.progression.status", "Progression status is not recorded.");
        Check(a.Tempo is { Count: > 0 }, () => f.Tempo is { } tempo ? a.Tempo!.Contains(tempo) : null,
            () => $"{f.Tempo} progression", "tumor.progression.tempo", "Tempo of progression is not recorded.");
        Check(a.HepaticBurdenMin is not null, () => f.HepaticBurden is { } hb ? hb >= a.HepaticBurdenMin : null,
            () => $"Hepatic tumor burden {f.HepaticBurden:0.##} % (≥ {a.HepaticBurdenMin:0.##} %)", "tumor.hepaticTumorBurdenPercent", "Hepatic tumor burden is not recorded.");
        Check(a.HepaticBurdenMax is not null, () => f.HepaticBurden is { } hb2 ? hb2 <= a.HepaticBurdenMax : null,
            () => $"Hepatic tumor burden {f.HepaticBurden:0.##} % (≤ {a.HepaticBurdenMax:0.##} %)", "tumor.hepaticTumorBurdenPercent", "Hepatic tumor burden is not recorded.");
        Check(a.FunctionalSyndromes is { Count: > 0 }, () => f.Syndrome is { } s ? a.FunctionalSyndromes!.Contains(s) : null,
            () => f.Syndrome is FunctionalSyndrome.None ? "Non-functioning" : $"Functional syndrome: {CaseFormat.Words(f.Syndrome).ToLowerInvariant()}", "tumor.functionalSyndrome", "Functional syndrome is not recorded.");
        Check(a.SstrPositive is not null, () => f.SstrPositive is { } sp ? sp == a.SstrPositive : null,
            () => f.SstrPositive == true ? "SSTR imaging positive" : "SSTR imaging negative", "tumor.sstrImaging.positive", "SSTR imaging result is not recorded.");
        Check(a.PriorTherapiesAny is { Count: > 0 }, () => a.PriorTherapiesAny?.Any(f.PriorTherapies.Contains),
            () => $"After {string.Join(" or ", a.PriorTherapiesAny?.Where(f.PriorTherapies.Contains).Select(i => CaseFormat.Words(i).ToLowerInvariant()) ?? [])}", "tumor.priorTherapies", "Prior therapies are not recorded.");
        Check(a.PriorTherapiesNone is { Count: > 0 }, () => a.PriorTherapiesNone?.All(i => !f.PriorTherapies.Contains(i)),
            () => $"No prior {string.Join(" / ", a.PriorTherapiesNone?.Select(i => CaseFormat.Words(i).ToLowerInvariant()) ?? [])}", "tumor.priorTherapies", "Prior therapies are not recorded.");
        Check(a.Mgmt is { Count: > 0 }, () => f.Mgmt is { } mg ? a.Mgmt!.Contains(mg) : null,
            () => $"MGMT {f.Mgmt?.ToString().ToLowerInvariant()}", "tumor.mgmtStatus", "MGMT status is not known.");

        return new Evaluation(excluded, excluded ? [] : reasons, excluded ? [] : missing);
    }

    private static string Range(NumberRange? range) => range switch
    {
        { Min: { } min, Max: { } max } => $"{min:0.##}–{max:0.##} %",
        { Min: { } min } => $"≥ {min:0.##} %",
        { Max: { } max } => $"≤ {max:0.##} %",
        _ => "any",
    };
}
