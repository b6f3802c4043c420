namespace NetTumorBoard.Web.Cases;

// Values as named in the public API contract (docs/api-contract.md); JSON carries them as strings.

public enum Sex { Female, Male, Other, Unknown }

public enum PrimarySite { Pancreas, SmallIntestine, Lung, Stomach, Rectum, Appendix, Colon, UnknownPrimary, Other }

/// <summary>Lung carcinoids are classed by histology (mitoses and necrosis), not by Ki-67 grade.</summary>
public enum LungHistology { TypicalCarcinoid, AtypicalCarcinoid }

public enum WhoGrade { G1, G2, G3 }

public enum Differentiation { Well, Poor }

public enum ProgressionStatus { Stable, Progressive, NotAssessed }

public enum ProgressionTempo { Slow, Rapid }

public enum MgmtStatus { Deficient, Proficient, Unknown }

public enum SstrModality { Ga68Dotatate, Ga68Dotatoc, Ga68Dotanoc, Cu64Dotatate, OctreotideScintigraphy }

public enum FunctionalSyndrome { None, CarcinoidSyndrome, Insulinoma, Gastrinoma, Glucagonoma, VIPoma, Other }

public enum BestResponse { CompleteResponse, PartialResponse, StableDisease, ProgressiveDisease, NotEvaluable }

public enum CaseStatus { Draft, ReadyForReview, InDiscussion, Decided, FollowUp }

/// <summary>Intervention codes shared with the guideline library.</summary>
public enum Intervention
{
    Surveillance, Surgery, SomatostatinAnalog, Everolimus, Sunitinib, Cabozantinib, PrrtLu177, Captem, Temozolomide,
    StreptozocinFluorouracil, StreptozocinDoxorubicin, PlatinumBased, LiverDirected, AdjuvantChemotherapy,
    AdjuvantRadiotherapy, Observation, SstrImaging, MgmtTesting, SyndromeControl, MultidisciplinaryReview,
}

public static class CaseVocabularyNames
{
    public static string Display(this PrimarySite site) => site switch
    {
        PrimarySite.SmallIntestine => "Small intestine",
        PrimarySite.UnknownPrimary => "Unknown primary",
        _ => site.ToString(),
    };

    public static string Display(this CaseStatus status) => status switch
    {
        CaseStatus.ReadyForReview => "Ready for review",
        CaseStatus.InDiscussion => "In discussion",
        CaseStatus.FollowUp => "Follow-up",
        _ => status.ToString(),
    };

    public static string Display(this SstrModality modality) => modality switch
    {
        SstrModality.Ga68Dotatate => "68Ga-DOTATATE PET",
        SstrModality.Ga68Dotatoc => "68Ga-DOTATOC PET",
        SstrModality.Ga68Dotanoc => "68Ga-DOTANOC PET",
        SstrModality.Cu64Dotatate => "64Cu-DOTATATE PET",
        _ => "Octreotide scintigraphy",
    };

    public static string Display(this LungHistology histology) => histology switch
    {
        LungHistology.TypicalCarcinoid => "Typical carcinoid",
        _ => "Atypical carcinoid",
    };
}
