using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Demo;

public sealed record DemoUser(string Email, string Name, Discipline Discipline, BoardRole? NetBoardRole, string? GlobalRole = null, bool LungBoardOnly = false);

/// <summary>The demo board, people and synthetic cases (docs/api-contract.md). Demo/embedded mode only.</summary>
public static class DemoData
{
    public const string Password = "NetBoard-Demo-2026!";
    public static readonly Guid NetBoardId = Guid.Parse("0193a000-0000-7000-8000-00000000b001");
    public static readonly Guid LungBoardId = Guid.Parse("0193a000-0000-7000-8000-00000000b002");
    public const string NetBoardName = "NET Tumor Board";
    public const string LungBoardName = "Lung Board";

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("chair@demo.local", "Dr. Clara Chair", Discipline.MedicalOncology, BoardRole.Chair),
        new("oncologist@demo.local", "Dr. Omar Oncologist", Discipline.MedicalOncology, BoardRole.Member),
        new("surgeon@demo.local", "Dr. Sofia Surgeon", Discipline.Surgery, BoardRole.Member),
        new("radiologist@demo.local", "Dr. Raj Radiologist", Discipline.Radiology, BoardRole.Member),
        new("pathologist@demo.local", "Dr. Paula Pathologist", Discipline.Pathology, BoardRole.Member),
        new("nuclear@demo.local", "Dr. Nils Nuclear", Discipline.NuclearMedicine, BoardRole.Member),
        new("gastro@demo.local", "Dr. Greta Gastro", Discipline.Gastroenterology, BoardRole.Member),
        new("coordinator@demo.local", "Cora Coordinator", Discipline.Nursing, BoardRole.Coordinator),
        new("observer@demo.local", "Otto Observer", Discipline.Other, BoardRole.Observer),
        new("auditor@demo.local", "Aude Auditor", Discipline.Other, null, GlobalRoles.Auditor),
        new("editor@demo.local", "Ed Editor", Discipline.MedicalOncology, null, GlobalRoles.GuidelineEditor),
        new("admin@demo.local", "Ada Admin", Discipline.Other, null, GlobalRoles.Admin),
        new("outsider@demo.local", "Dr. Olga Outsider", Discipline.Pulmonology, BoardRole.Member, LungBoardOnly: true),
    ];

    public static IReadOnlyList<(Guid Id, CreateCaseRequest Request)> Cases(DateOnly today) =>
    [
        (Guid.Parse("0193a000-0000-7000-8000-00000000c001"), new CreateCaseRequest(
            new CasePatient("PAN-2417", 1961, Sex.Female),
            new CaseTumor
            {
                PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 14, MitosesPer2mm2 = 6,
                Differentiation = Differentiation.Well, Tnm = new Tnm("T3", "N1", "M1a"), StageGroup = "IV",
                FunctionalSyndrome = FunctionalSyndrome.None,
                SstrImaging = new SstrImaging(SstrModality.Ga68Dotatate, true, today.AddDays(-40)),
                FdgPetPositive = true, HepaticTumorBurdenPercent = 45,
                Progression = new Progression(ProgressionStatus.Progressive, today.AddDays(-21), ProgressionTempo.Rapid),
                PriorTherapies = [new PriorTherapy(Intervention.SomatostatinAnalog, today.AddMonths(-30), today.AddDays(-21), BestResponse.StableDisease)],
                Ecog = 1, MgmtStatus = MgmtStatus.Unknown, Resected = false,
            },
            "Progressive G2 pancreatic NET with bulky liver metastases (45% hepatic burden) after lanreotide: CAPTEM, 177Lu-PRRT or everolimus next?")),
        (Guid.Parse("0193a000-0000-7000-8000-00000000c002"), new CreateCaseRequest(
            new CasePatient("SIN-0388", 1955, Sex.Male),
            new CaseTumor
            {
                PrimarySite = PrimarySite.SmallIntestine, WhoGrade = WhoGrade.G1, Ki67Percent = 2,
                Differentiation = Differentiation.Well, Tnm = new Tnm("T3", "N2", "M1a"), StageGroup = "IV",
                FunctionalSyndrome = FunctionalSyndrome.CarcinoidSyndrome,
                SstrImaging = new SstrImaging(SstrModality.Ga68Dotatoc, true, today.AddDays(-75)),
                FdgPetPositive = false, HepaticTumorBurdenPercent = 15,
                Progression = new Progression(ProgressionStatus.Stable, today.AddMonths(-6)),
                PriorTherapies = [new PriorTherapy(Intervention.SomatostatinAnalog, today.AddMonths(-14), null, BestResponse.StableDisease)],
                Ecog = 0, Resected = false,
            },
            "Carcinoid syndrome with 6–8 stools a day despite octreotide LAR 30 mg; mesenteric mass 3 cm. Escalate SSA, add telotristat, or resect primary and mesenteric mass?")),
        (Guid.Parse("0193a000-0000-7000-8000-00000000c003"), new CreateCaseRequest(
            new CasePatient("LUN-1172", 1968, Sex.Female),
            new CaseTumor
            {
                PrimarySite = PrimarySite.Lung, Histology = LungHistology.AtypicalCarcinoid, Ki67Percent = 12, MitosesPer2mm2 = 4,
                Differentiation = Differentiation.Well, Tnm = new Tnm("T2a", "N2", "M0"), StageGroup = "IIIA",
                FunctionalSyndrome = FunctionalSyndrome.None,
                SstrImaging = new SstrImaging(SstrModality.Ga68Dotatate, true, today.AddDays(-90)),
                FdgPetPositive = true, Progression = new Progression(ProgressionStatus.NotAssessed),
                PriorTherapies = [new PriorTherapy(Intervention.Surgery, today.AddDays(-35), today.AddDays(-35), BestResponse.NotEvaluable)],
                Ecog = 0, MgmtStatus = MgmtStatus.Unknown, Resected = true,
            },
            "Atypical carcinoid after right lower lobectomy with mediastinal node dissection, pN2 (2/14 nodes), R0: adjuvant chemotherapy or radiotherapy, or surveillance?")),
    ];
}
