using System.Text.Json;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Cases;

/// <summary>One structured field people edit, addressed by its JSON path (as in PATCH /api/cases/{id}/fields).</summary>
public sealed record CaseField(string Path, string Label, Type ValueType, Func<CaseContent, object?> Get, Func<CaseContent, object?, CaseContent> Set)
{
    public string ToJson(object? value) => JsonSerializer.Serialize(value, ValueType, JsonDefaults.Options);

    public object? FromJson(string json) => JsonSerializer.Deserialize(json, ValueType, JsonDefaults.Options);

    /// <summary>Reads a value sent by a client; throws JsonException for a wrong type or unknown enum value.</summary>
    public object? Read(JsonElement element) => Normalize(element.Deserialize(ValueType, JsonDefaults.Options));

    /// <summary>Blank optional text means "no value"; text is trimmed.</summary>
    public object? Normalize(object? value) => value switch
    {
        string s when Path == "patient.pseudonym" => s.Trim(),
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        _ => value,
    };
}

/// <summary>The registry of editable fields: what can be edited, how it is read and written, and its label.</summary>
public static class CaseFields
{
    public static IReadOnlyDictionary<string, CaseField> All { get; } = Build().ToDictionary(f => f.Path, StringComparer.Ordinal);

    public static CaseField? Find(string path) => All.GetValueOrDefault(path);

    public static CaseContent Apply(CaseContent content, IEnumerable<FieldChange> changes) =>
        changes.Aggregate(content, (c, change) => Find(change.Field) is { } field ? field.Set(c, field.FromJson(change.After)) : c);

    private static IEnumerable<CaseField> Build()
    {
        yield return Field("patient.pseudonym", "Pseudonym", c => c.Patient.Pseudonym, (c, v) => c with { Patient = c.Patient with { Pseudonym = v ?? "" } });
        yield return Field("patient.birthYear", "Birth year", c => c.Patient.BirthYear, (c, v) => c with { Patient = c.Patient with { BirthYear = v } });
        yield return Field("patient.sex", "Sex", c => c.Patient.Sex, (c, v) => c with { Patient = c.Patient with { Sex = v } });
        yield return Tumor("tumor.primarySite", "Primary site", t => t.PrimarySite, (t, v) => t with { PrimarySite = v });
        yield return Tumor("tumor.histology", "Lung histology", t => t.Histology, (t, v) => t with { Histology = v });
        yield return Tumor("tumor.whoGrade", "WHO grade", t => t.WhoGrade, (t, v) => t with { WhoGrade = v });
        yield return Tumor("tumor.ki67Percent", "Ki-67 %", t => t.Ki67Percent, (t, v) => t with { Ki67Percent = v });
        yield return Tumor("tumor.mitosesPer2mm2", "Mitoses per 2 mm²", t => t.MitosesPer2mm2, (t, v) => t with { MitosesPer2mm2 = v });
        yield return Tumor("tumor.necrosis", "Necrosis", t => t.Necrosis, (t, v) => t with { Necrosis = v });
        yield return Tumor("tumor.differentiation", "Differentiation", t => t.Differentiation, (t, v) => t with { Differentiation = v });
        yield return Tumor("tumor.tnm.t", "T", t => t.Tnm?.T, (t, v) => t with { Tnm = (t.Tnm ?? new Tnm()) with { T = v } });
        yield return Tumor("tumor.tnm.n", "N", t => t.Tnm?.N, (t, v) => t with { Tnm = (t.Tnm ?? new Tnm()) with { N = v } });
        yield return Tumor("tumor.tnm.m", "M", t => t.Tnm?.M, (t, v) => t with { Tnm = (t.Tnm ?? new Tnm()) with { M = v } });
        yield return Tumor("tumor.stageGroup", "Stage group", t => t.StageGroup, (t, v) => t with { StageGroup = v });
        yield return Tumor("tumor.functionalSyndrome", "Functional syndrome", t => t.FunctionalSyndrome, (t, v) => t with { FunctionalSyndrome = v });
        yield return Tumor("tumor.sstrImaging.modality", "SSTR imaging modality", t => t.SstrImaging?.Modality, (t, v) => t with { SstrImaging = (t.SstrImaging ?? new SstrImaging()) with { Modality = v } });
        yield return Tumor("tumor.sstrImaging.positive", "SSTR imaging positive", t => t.SstrImaging?.Positive, (t, v) => t with { SstrImaging = (t.SstrImaging ?? new SstrImaging()) with { Positive = v } });
        yield return Tumor("tumor.sstrImaging.date", "SSTR imaging date", t => t.SstrImaging?.Date, (t, v) => t with { SstrImaging = (t.SstrImaging ?? new SstrImaging()) with { Date = v } });
        yield return Tumor("tumor.fdgPetPositive", "FDG-PET positive", t => t.FdgPetPositive, (t, v) => t with { FdgPetPositive = v });
        yield return Tumor("tumor.hepaticTumorBurdenPercent", "Hepatic tumor burden %", t => t.HepaticTumorBurdenPercent, (t, v) => t with { HepaticTumorBurdenPercent = v });
        yield return Tumor("tumor.progression.status", "Progression", t => t.Progression?.Status, (t, v) => t with { Progression = (t.Progression ?? new Progression()) with { Status = v } });
        yield return Tumor("tumor.progression.since", "Progression since", t => t.Progression?.Since, (t, v) => t with { Progression = (t.Progression ?? new Progression()) with { Since = v } });
        yield return Tumor("tumor.progression.tempo", "Progression tempo", t => t.Progression?.Tempo, (t, v) => t with { Progression = (t.Progression ?? new Progression()) with { Tempo = v } });
        yield return Tumor("tumor.priorTherapies", "Prior therapies", t => t.PriorTherapies, (t, v) => t with { PriorTherapies = v ?? [] });
        yield return Tumor("tumor.ecog", "ECOG", t => t.Ecog, (t, v) => t with { Ecog = v });
        yield return Tumor("tumor.mgmtStatus", "MGMT status", t => t.MgmtStatus, (t, v) => t with { MgmtStatus = v });
        yield return Tumor("tumor.resected", "Resected", t => t.Resected, (t, v) => t with { Resected = v });
        yield return Field("question", "Question to the board", c => c.Question, (c, v) => c with { Question = v });
    }

    private static CaseField Field<T>(string path, string label, Func<CaseContent, T> get, Func<CaseContent, T?, CaseContent> set) =>
        new(path, label, typeof(T), c => get(c), (c, v) => set(c, (T?)v));

    private static CaseField Tumor<T>(string path, string label, Func<CaseTumor, T> get, Func<CaseTumor, T?, CaseTumor> set) =>
        Field<T>(path, label, c => get(c.Tumor), (c, v) => c with { Tumor = set(c.Tumor, v) });
}
