namespace NetTumorBoard.Web.Cases;

// The NET case as the API and the events carry it. Optional facts are null until someone records them.

public sealed record CasePatient(string Pseudonym, int? BirthYear = null, Sex? Sex = null);

public sealed record Tnm(string? T = null, string? N = null, string? M = null);

public sealed record SstrImaging(SstrModality? Modality = null, bool? Positive = null, DateOnly? Date = null);

public sealed record Progression(ProgressionStatus? Status = null, DateOnly? Since = null, ProgressionTempo? Tempo = null);

/// <summary>A therapy the patient had; its intervention is required (a missing one must not read as the first of the list).</summary>
/// <param name="Agent">Agent and dose as written ("lanreotide 120 mg every 28 days"): what an escalation or a switch is decided against.</param>
public sealed record PriorTherapy([property: System.Text.Json.Serialization.JsonRequired] Intervention Intervention, DateOnly? Start = null, DateOnly? End = null,
    BestResponse? BestResponse = null, string? Agent = null);

/// <summary>Everything about a case that people edit as structured fields.</summary>
public sealed record CaseContent(CasePatient Patient, CaseTumor Tumor, string? Question);

public sealed record CaseTumor
{
    public PrimarySite? PrimarySite { get; init; }
    public LungHistology? Histology { get; init; }
    public WhoGrade? WhoGrade { get; init; }
    public decimal? Ki67Percent { get; init; }
    public decimal? MitosesPer2mm2 { get; init; }

    /// <summary>Necrosis in the resected tumour; with mitoses it separates typical from atypical lung carcinoid.</summary>
    public bool? Necrosis { get; init; }
    public Differentiation? Differentiation { get; init; }
    public Tnm? Tnm { get; init; }
    public string? StageGroup { get; init; }
    public FunctionalSyndrome? FunctionalSyndrome { get; init; }
    public SstrImaging? SstrImaging { get; init; }
    public bool? FdgPetPositive { get; init; }
    public decimal? HepaticTumorBurdenPercent { get; init; }
    public Progression? Progression { get; init; }
    public IReadOnlyList<PriorTherapy> PriorTherapies { get; init; } = [];
    public int? Ecog { get; init; }
    public MgmtStatus? MgmtStatus { get; init; }
    public bool? Resected { get; init; }
}
