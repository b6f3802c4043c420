using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Decisions;

/// <summary>A decision's parts in the words a clinician reads (history, decision card, register, minutes) — never an enum's name.</summary>
public static class DecisionWords
{
    public static string ConcordanceLabel(ConcordanceStatus status) => status switch
    {
        ConcordanceStatus.Concordant => "Follows the guidelines",
        ConcordanceStatus.Deviation => "Deviates from the guidelines",
        _ => "Open question",
    };

    /// <summary>
    /// With its reason or open question ("Deviates from the guidelines: patient declines PRRT", "Open question: Adjuvant
    /// therapy after resection of a lung NET?"); a decision recorded before titles were kept names the question's id.
    /// </summary>
    public static string Concordance(Concordance c) => c.Status switch
    {
        ConcordanceStatus.Concordant => ConcordanceLabel(c.Status),
        ConcordanceStatus.Deviation => $"{ConcordanceLabel(c.Status)}: {c.Reason}",
        _ when c.OpenQuestionTitle is { } title => $"{ConcordanceLabel(c.Status)}: {title}",
        _ => $"{ConcordanceLabel(c.Status)} ({c.OpenQuestionId})",
    };

    /// <summary>
    /// What the work-up lacked when the decision was recorded ("Ki-67 index is missing. ECOG performance status is
    /// missing."), or null when it was complete — or not recorded (decisions from before this was kept).
    /// </summary>
    public static string? MissingAtDecision(DecisionRecord record) =>
        record.MissingAtDecision is { Count: > 0 } missing ? string.Join(" ", missing.Select(m => m.Reason)) : null;

    /// <summary>
    /// The guideline recommendations the adopted plan was linked to, as attached when decided, with whether each had been
    /// checked against the guideline text ("Somatostatin analog for … (ENETS 2023, v2; draft – not verified)"), or that none
    /// was linked — so a reader of the decision sees what "follows the guidelines" or "deviates" was measured against.
    /// </summary>
    public static string RestsOn(DecisionRecord record) => record.Recommendations.Count == 0
        ? "no guideline recommendation was linked to the plan"
        : string.Join("; ", record.Recommendations.Select(r =>
            $"{r.Title} ({r.Guideline}{(r.Guideline.Contains(r.GuidelineVersion, StringComparison.OrdinalIgnoreCase) ? "" : $" {r.GuidelineVersion}")}, "
            + $"library version {r.Version}; {Review(r.ReviewStatus)})"));

    /// <summary>One linked recommendation, short, for the register: "Title (draft – not verified)".</summary>
    public static string Basis(AttachedRecommendation r) => $"{r.Title} ({Review(r.ReviewStatus)})";

    private static string Review(Guidelines.ReviewStatus status) =>
        status == Guidelines.ReviewStatus.Verified ? "verified against the guideline text" : "draft – not verified";

    /// <summary>"Not met (No vote from pathology; …); decided because: …", or null when the quorum was met.</summary>
    public static string? QuorumOverride(DecisionRecord record) =>
        record.QuorumMet ? null : $"not met ({string.Join("; ", record.QuorumMissing)}); decided because: {record.QuorumOverrideReason}";

    /// <summary>The missing items by short name, for a table cell ("ECOG, SSTR imaging out of date").</summary>
    public static string MissingShort(IReadOnlyList<Cases.Readiness.MissingItem> missing) => string.Join(", ", missing.Select(m => m.Field switch
    {
        "tumor.sstrImaging" => "SSTR imaging",
        "tumor.sstrImaging.date" => "SSTR imaging out of date",
        "question" => "question to the board",
        var field => CaseFields.All.TryGetValue(field, out var f) ? InSentence(f.Label) : field,
    }));

    /// <summary>A label inside a sentence: "Stage group" → "stage group"; "ECOG", "WHO grade", "Ki-67 %" stay as written.</summary>
    private static string InSentence(string label) =>
        label.Length > 1 && char.IsLower(label[1]) && !label.StartsWith("Ki-67", StringComparison.Ordinal) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    public static string Voted(VoteChoice choice) => choice switch
    {
        VoteChoice.Support => "voted for",
        VoteChoice.Oppose => "voted against",
        _ => "abstained",
    };

    public static string Tally(Tally t) => $"{t.Support} for · {t.Oppose} against · {t.Abstain} abstained";

    /// <summary>"Implemented", "Not done: patient preference", or for another reason its note ("Not done: moved abroad").</summary>
    public static string Outcome(TaskOutcome outcome, NotImplementedReason? reason, string? note = null) => outcome switch
    {
        TaskOutcome.Implemented => "Implemented",
        _ when reason == NotImplementedReason.Other && !string.IsNullOrWhiteSpace(note) => $"Not done: {note}",
        _ => reason is { } r ? $"Not done: {CaseFormat.Words(r).ToLowerInvariant()}" : "Not done",
    };

    public static string Times(int n) => n switch { 1 => "once", 2 => "twice", _ => $"{n} times" };
}
