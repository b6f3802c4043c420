using System.Text.RegularExpressions;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Cases;

/// <summary>Field rules of the NET case; errors are keyed by the field's JSON path so the API and the forms can name them.</summary>
public static partial class CaseRules
{
    public const int MaxPseudonymLength = 64;
    public const int MaxQuestionLength = 2000;
    public const int MaxPriorTherapies = 30;
    public const int MaxAgentLength = 200;
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    public static void ValidatePatient(CasePatient? patient, FieldErrors errors, DateOnly today)
    {
        if (patient is null)
        {
            errors.Add("patient", "Give the patient's pseudonym.");
            return;
        }
        var pseudonym = patient.Pseudonym?.Trim() ?? "";
        errors.Check(pseudonym.Length > 0, "patient.pseudonym", "Give a pseudonym (never the patient's real name).");
        errors.Check(pseudonym.Length <= MaxPseudonymLength, "patient.pseudonym", $"Use at most {MaxPseudonymLength} characters.");
        errors.Check(!pseudonym.Any(char.IsControl), "patient.pseudonym", "The pseudonym cannot contain control characters.");
        if (patient.BirthYear is { } year)
        {
            errors.Check(year >= Earliest.Year && year <= today.Year, "patient.birthYear", $"Give a year between {Earliest.Year} and {today.Year}.");
        }
    }

    public static void ValidateQuestion(string? question, FieldErrors errors)
    {
        if (question is null)
        {
            return;
        }
        errors.Check(question.Length <= MaxQuestionLength, "question", $"Use at most {MaxQuestionLength} characters.");
    }

    public static void ValidateTumor(CaseTumor? tumor, FieldErrors errors, DateOnly today)
    {
        if (tumor is null)
        {
            return;
        }
        Range(tumor.Ki67Percent, 0, 100, "tumor.ki67Percent", "Ki-67 is a percentage between 0 and 100.", errors);
        Range(tumor.MitosesPer2mm2, 0, 1000, "tumor.mitosesPer2mm2", "Mitoses per 2 mm² cannot be negative (and rarely exceed 1000).", errors);
        Range(tumor.HepaticTumorBurdenPercent, 0, 100, "tumor.hepaticTumorBurdenPercent", "Hepatic tumor burden is a percentage between 0 and 100.", errors);
        if (tumor.Ecog is { } ecog)
        {
            errors.Check(ecog is >= 0 and <= 4, "tumor.ecog", "ECOG performance status is 0 to 4.");
        }
        if (tumor.Histology is not null && tumor.PrimarySite is not null && tumor.PrimarySite != PrimarySite.Lung)
        {
            errors.Add("tumor.histology", "Typical/atypical carcinoid applies to lung NETs only; use the WHO grade for other sites.");
        }
        if (tumor.WhoGrade is not null && tumor.PrimarySite == PrimarySite.Lung)
        {
            errors.Add("tumor.whoGrade", "Lung carcinoids are classed by histology (typical/atypical), not by WHO grade G1–G3.");
        }
        if (tumor.Tnm is { } tnm)
        {
            Pattern(tnm.T, TPattern(), "tumor.tnm.t", "Write T as staged, e.g. T1, T2a, T3, Tx.", errors);
            Pattern(tnm.N, NPattern(), "tumor.tnm.n", "Write N as staged, e.g. N0, N1, N2a, Nx.", errors);
            Pattern(tnm.M, MPattern(), "tumor.tnm.m", "Write M as staged, e.g. M0, M1a, M1c2.", errors);
        }
        Pattern(tumor.StageGroup, StagePattern(), "tumor.stageGroup", "Write the stage group as staged, e.g. I, IIA, IIIB, IV.", errors);
        if (tumor.SstrImaging is { } sstr)
        {
            PastDate(sstr.Date, "tumor.sstrImaging.date", today, errors);
        }
        if (tumor.Progression is { } progression)
        {
            PastDate(progression.Since, "tumor.progression.since", today, errors);
        }
        ValidatePriorTherapies(tumor.PriorTherapies, errors, today);
    }

    private static void ValidatePriorTherapies(IReadOnlyList<PriorTherapy>? therapies, FieldErrors errors, DateOnly today)
    {
        if (therapies is null)
        {
            return;
        }
        errors.Check(therapies.Count <= MaxPriorTherapies, "tumor.priorTherapies", $"List at most {MaxPriorTherapies} prior therapies.");
        for (var i = 0; i < Math.Min(therapies.Count, MaxPriorTherapies); i++)
        {
            var therapy = therapies[i];
            var path = $"tumor.priorTherapies[{i}]";
            if (therapy is null)
            {
                errors.Add(path, "Remove the empty entry.");
                continue;
            }
            errors.Check(therapy.Agent is not { Length: > MaxAgentLength }, $"{path}.agent", $"Keep the agent and dose under {MaxAgentLength} characters.");
            PastDate(therapy.Start, $"{path}.start", today, errors);
            PastDate(therapy.End, $"{path}.end", today, errors);
            if (therapy.Start is { } start && therapy.End is { } end && end < start)
            {
                errors.Add($"{path}.end", "The end date is before the start date.");
            }
        }
    }

    private static void Range(decimal? value, decimal min, decimal max, string field, string message, FieldErrors errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, message);
        }
    }

    private static void Pattern(string? value, Regex pattern, string field, string message, FieldErrors errors)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            errors.Add(field, message);
        }
    }

    private static void PastDate(DateOnly? date, string field, DateOnly today, FieldErrors errors)
    {
        if (date is { } d && (d > today || d < Earliest))
        {
            errors.Add(field, d > today ? "The date is in the future." : "The date is before 1900.");
        }
    }

    [GeneratedRegex(@"^T([0-4]|X|x|is)[a-d]?(\(m\)|\(\d+\))?\z")]
    private static partial Regex TPattern();

    [GeneratedRegex(@"^N([0-3]|X|x)[a-c]?[12]?\z")]
    private static partial Regex NPattern();

    [GeneratedRegex(@"^M([01]|X|x)[a-c]?[12]?\z")]
    private static partial Regex MPattern();

    [GeneratedRegex(@"^(0|I|II|III|IV)([ABCabc][12]?)?\z")]
    private static partial Regex StagePattern();
}
