using NetTumorBoard.Web.Cases;

namespace NetTumorBoard.Web.Guidelines;

public enum Setting
{
    LocalizedCurative, Adjuvant, NeoadjuvantInduction, FirstLineMetastatic, LaterLine, Salvage, Surveillance, FunctionalSyndrome, Diagnostics,
}

public enum ConsensusStatus { Agreed, Divergent }

/// <summary>How well a statement was checked: V on a bibliographic/registry page, S only by a secondary source, M from memory.</summary>
public enum Verification { Verified, Secondary, Memory }

public enum ReviewStatus { Draft, Verified }

public sealed record Citation(string Key, string Text, string? Doi, string? Pmid, string? Url, Verification Verification, string? Note)
{
    public string? Link => Doi is { Length: > 0 } ? $"https://doi.org/{Doi}"
        : Pmid is { Length: > 0 } ? $"https://pubmed.ncbi.nlm.nih.gov/{Pmid}/"
        : Url;
}

public sealed record Strength(string? AsGraded, string? System, string? Note);

public sealed record KeyEvidence(string Trial, string Design, string N, string Result, string? Citation);

public sealed record GuidelinePosition(string Guideline, string Position, Verification Verification);

public sealed record Consensus(ConsensusStatus Status, string Summary, IReadOnlyList<GuidelinePosition> Positions);

public sealed record NumberRange(decimal? Min, decimal? Max)
{
    public bool Contains(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>When a recommendation (or open question) applies to a case: every criterion given must hold.</summary>
public sealed record Applicability
{
    public IReadOnlyList<PrimarySite>? Sites { get; init; }
    public IReadOnlyList<LungHistology>? Histologies { get; init; }
    public IReadOnlyList<WhoGrade>? Grades { get; init; }
    public NumberRange? Ki67 { get; init; }
    public Differentiation? Differentiation { get; init; }
    public bool? Metastatic { get; init; }
    public bool? Resected { get; init; }
    public bool? NodePositive { get; init; }
    public bool? LocallyAdvanced { get; init; }
    public IReadOnlyList<ProgressionStatus>? Progression { get; init; }
    public IReadOnlyList<ProgressionTempo>? Tempo { get; init; }
    public decimal? HepaticBurdenMin { get; init; }
    public decimal? HepaticBurdenMax { get; init; }
    public IReadOnlyList<FunctionalSyndrome>? FunctionalSyndromes { get; init; }
    public bool? SstrPositive { get; init; }
    public IReadOnlyList<Intervention>? PriorTherapiesAny { get; init; }
    public IReadOnlyList<Intervention>? PriorTherapiesNone { get; init; }
    public IReadOnlyList<MgmtStatus>? Mgmt { get; init; }
}

/// <summary>One version of a recommendation's content, in the project's own words, with its sources.</summary>
public record RecommendationContent
{
    public string Title { get; init; } = "";
    public string Guideline { get; init; } = "";
    public string GuidelineVersion { get; init; } = "";
    public int Year { get; init; }
    public IReadOnlyList<PrimarySite> Sites { get; init; } = [];
    public Setting Setting { get; init; }
    public Intervention Intervention { get; init; }
    public string Scope { get; init; } = "";
    public string Text { get; init; } = "";
    public Strength Strength { get; init; } = new(null, null, null);
    public IReadOnlyList<KeyEvidence> KeyEvidence { get; init; } = [];
    public Consensus Consensus { get; init; } = new(ConsensusStatus.Agreed, "", []);
    public IReadOnlyList<string> Citations { get; init; } = [];
    public string? OpenQuestion { get; init; }
    public Applicability Applies { get; init; } = new();
    public string? ReviewNote { get; init; }
}
