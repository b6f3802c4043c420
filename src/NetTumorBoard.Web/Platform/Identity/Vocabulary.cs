namespace NetTumorBoard.Web.Platform.Identity;

public enum Discipline
{
    MedicalOncology,
    Surgery,
    Radiology,
    Pathology,
    NuclearMedicine,
    Gastroenterology,
    Endocrinology,
    RadiationOncology,
    Pulmonology,
    Nursing,
    Other,
}

/// <summary>A member's role on one board.</summary>
public enum BoardRole
{
    Chair,
    Coordinator,
    Member,
    Observer,
}

/// <summary>Roles that apply across boards.</summary>
public static class GlobalRoles
{
    public const string Admin = "Admin";
    public const string Auditor = "Auditor";
    public const string GuidelineEditor = "GuidelineEditor";

    public static readonly IReadOnlyList<string> All = [Admin, Auditor, GuidelineEditor];

    /// <summary>A role as people read it ("Guideline editor").</summary>
    public static string Display(string role) => role switch
    {
        Admin => "Administrator",
        GuidelineEditor => "Guideline editor",
        _ => role,
    };
}

public static class DisciplineNames
{
    public static string Display(this Discipline discipline) => discipline switch
    {
        Discipline.MedicalOncology => "Medical oncology",
        Discipline.NuclearMedicine => "Nuclear medicine",
        Discipline.RadiationOncology => "Radiation oncology",
        _ => discipline.ToString(),
    };

    public static string Abbreviation(this Discipline discipline) => discipline switch
    {
        Discipline.MedicalOncology => "ONC",
        Discipline.Surgery => "SUR",
        Discipline.Radiology => "RAD",
        Discipline.Pathology => "PAT",
        Discipline.NuclearMedicine => "NUC",
        Discipline.Gastroenterology => "GI",
        Discipline.Endocrinology => "ENDO",
        Discipline.RadiationOncology => "RT",
        Discipline.Pulmonology => "PUL",
        Discipline.Nursing => "NUR",
        _ => "OTH",
    };
}
