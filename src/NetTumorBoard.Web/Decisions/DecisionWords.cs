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

    /// <summary>With its reason or open question ("Deviates from the guidelines: patient declines PRRT").</summary>
    public static string Concordance(Concordance c) => c.Status switch
    {
        ConcordanceStatus.Concordant => ConcordanceLabel(c.Status),
        ConcordanceStatus.Deviation => $"{ConcordanceLabel(c.Status)}: {c.Reason}",
        _ => $"{ConcordanceLabel(c.Status)} ({c.OpenQuestionId})",
    };

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
