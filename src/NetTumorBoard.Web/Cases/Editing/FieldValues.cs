using System.Globalization;
using System.Text.Json;

namespace NetTumorBoard.Web.Cases.Editing;

public enum FieldInput { Text, Number, Date, Choice, YesNo, List }

/// <summary>How a field's value is shown and typed in the case page's inline editors.</summary>
public static class FieldValues
{
    public static FieldInput InputFor(CaseField field)
    {
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        return type switch
        {
            _ when type == typeof(string) => FieldInput.Text,
            _ when type == typeof(int) || type == typeof(decimal) => FieldInput.Number,
            _ when type == typeof(DateOnly) => FieldInput.Date,
            _ when type == typeof(bool) => FieldInput.YesNo,
            _ when type.IsEnum => FieldInput.Choice,
            _ => FieldInput.List,
        };
    }

    public static IReadOnlyList<(string Value, string Label)> Choices(CaseField field)
    {
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        return type.IsEnum ? Enum.GetNames(type).Select(n => (n, Label(field, Enum.Parse(type, n)))).ToList() : [];
    }

    public static string Label(CaseField field, object? value) => value switch
    {
        null => "—",
        bool b => b ? "yes" : "no",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => CaseFormat.Number(m),
        PrimarySite site => site.Display(),
        LungHistology histology => histology.Display(),
        SstrModality modality => modality.Display(),
        WhoGrade grade => grade.ToString(),
        Enum e => CaseFormat.Words(e),
        IReadOnlyList<PriorTherapy> list => list.Count == 0 ? "none" : string.Join("; ", list.Select(t => CaseFormat.Words(t.Intervention))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "—",
    };

    /// <summary>The text an editor starts with.</summary>
    public static string ToInput(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value.ToString() ?? "",
    };

    /// <summary>The JSON value the API would receive for what was typed; null with a message when it is not one.</summary>
    public static (JsonElement? Value, string? Error) FromInput(CaseField field, string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return (Json("null"), null);
        }
        switch (InputFor(field))
        {
            case FieldInput.Number:
                var normalized = text.Replace(',', '.');
                return decimal.TryParse(normalized, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? (Json(number.ToString(CultureInfo.InvariantCulture)), null)
                    : (null, "Enter a number.");
            case FieldInput.YesNo:
                return (Json(text == "true" ? "true" : "false"), null);
            default:
                return (JsonSerializer.SerializeToElement(text), null);
        }
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
