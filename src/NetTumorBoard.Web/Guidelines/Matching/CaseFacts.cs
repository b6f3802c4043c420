using System.Text.RegularExpressions;
using NetTumorBoard.Web.Cases;

namespace NetTumorBoard.Web.Guidelines.Matching;

/// <summary>What the matcher knows about a case: the recorded fields plus what they imply (null: not known).</summary>
public sealed partial record CaseFacts(
    PrimarySite? Site,
    LungHistology? Histology,
    WhoGrade? Grade,
    bool GradeImplied,
    decimal? Ki67,
    Differentiation? Differentiation,
    bool? Metastatic,
    bool? Resected,
    bool? NodePositive,
    bool? LocallyAdvanced,
    ProgressionStatus? Progression,
    ProgressionTempo? Tempo,
    decimal? HepaticBurden,
    FunctionalSyndrome? Syndrome,
    bool? SstrPositive,
    IReadOnlySet<Intervention> PriorTherapies,
    MgmtStatus? Mgmt)
{
    public static CaseFacts From(CaseContent content)
    {
        var t = content.Tumor;
        var grade = t.WhoGrade ?? (t.PrimarySite == PrimarySite.Lung ? null : Grading.ImpliedGrade(t.Ki67Percent, t.MitosesPer2mm2));
        var metastatic = t.Tnm?.M is { } m && MPattern().IsMatch(m) ? m.StartsWith("M1", StringComparison.OrdinalIgnoreCase)
            : t.StageGroup is { } stage ? stage.StartsWith("IV", StringComparison.OrdinalIgnoreCase) : (bool?)null;
        var nodePositive = t.Tnm?.N is { } n && NPattern().IsMatch(n) ? !n.StartsWith("N0", StringComparison.OrdinalIgnoreCase) : (bool?)null;
        bool? locallyAdvanced = metastatic switch
        {
            true => false,
            false when t.Resected == true => false,
            false when (t.Tnm?.T?.StartsWith("T4", StringComparison.OrdinalIgnoreCase) ?? false)
                || (t.StageGroup?.StartsWith("III", StringComparison.OrdinalIgnoreCase) ?? false) => true,
            _ => null,
        };
        return new CaseFacts(t.PrimarySite, t.Histology, grade, t.WhoGrade is null && grade is not null, t.Ki67Percent, t.Differentiation,
            metastatic, t.Resected, nodePositive, locallyAdvanced, t.Progression?.Status, t.Progression?.Tempo, t.HepaticTumorBurdenPercent,
            t.FunctionalSyndrome, t.SstrImaging?.Positive, t.PriorTherapies.Select(p => p.Intervention).ToHashSet(),
            t.MgmtStatus is MgmtStatus.Unknown ? null : t.MgmtStatus);
    }

    [GeneratedRegex(@"^M[01]", RegexOptions.IgnoreCase)]
    private static partial Regex MPattern();

    [GeneratedRegex(@"^N[0-3]", RegexOptions.IgnoreCase)]
    private static partial Regex NPattern();
}
