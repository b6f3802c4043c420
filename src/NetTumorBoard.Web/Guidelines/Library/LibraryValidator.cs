using System.Text.Json;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Guidelines.Library;

/// <summary>
/// Reads and checks a library file as a whole. Every problem names the record and the field; a file with any
/// problem is refused entirely (nothing is imported).
/// </summary>
public static class LibraryValidator
{
    public sealed record Result(LibraryFile? File, IReadOnlyDictionary<string, string[]> Errors)
    {
        public bool Valid => File is not null && Errors.Count == 0;
    }

    public static Result Read(string json)
    {
        var errors = new FieldErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            errors.Add("file", $"Not valid JSON: {e.Message}");
            return new Result(null, errors.ToDictionary());
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("file", "The file must be a JSON object with citations, recommendations and openQuestions.");
                return new Result(null, errors.ToDictionary());
            }
            var citations = ReadArray<Citation>(root, "citations", c => c.Key, errors);
            var recommendations = ReadArray<LibraryRecommendation>(root, "recommendations", r => r.Id, errors);
            var questions = ReadArray<OpenQuestionRecord>(root, "openQuestions", q => q.Id, errors);
            var file = new LibraryFile
            {
                SchemaVersion = root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var n) ? n : 0,
                LibraryVersion = root.TryGetProperty("libraryVersion", out var lv) ? Text(lv, "libraryVersion", errors) ?? "" : "",
                Source = root.TryGetProperty("source", out var src) ? Text(src, "source", errors) : null,
                Citations = citations.Select(c => c.Item).ToList(),
                Recommendations = recommendations.Select(r => r.Item).ToList(),
                OpenQuestions = questions.Select(q => q.Item).ToList(),
            };
            errors.Check(file.SchemaVersion == 1, "schemaVersion", "Only schemaVersion 1 is understood.");
            CheckReferences(citations, recommendations, questions, errors);
            return new Result(errors.Any ? null : file, errors.ToDictionary());
        }
    }

    private static List<(int Index, string Label, T Item)> ReadArray<T>(JsonElement root, string name, Func<T, string> id, FieldErrors errors)
    {
        var items = new List<(int, string, T)>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, $"'{name}' must be an array.");
            return items;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var rawId = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name == "citations" ? "key" : "id", out var idProperty)
                && idProperty.ValueKind == JsonValueKind.String
                ? idProperty.GetString()
                : null;
            var label = $"{name}[{index}]";
            var who = rawId is null ? $"{Singular(name)} #{index + 1}" : $"{Singular(name)} '{rawId}'";
            foreach (var required in Required(name).Where(r => element.ValueKind == JsonValueKind.Object && !element.TryGetProperty(r, out _)))
            {
                errors.Add($"{label}.{required}", $"{who}: '{required}' is required.");
            }
            try
            {
                var item = element.Deserialize<T>(JsonDefaults.Options);
                if (item is null)
                {
                    errors.Add(label, $"{who}: empty entry.");
                }
                else if (string.IsNullOrWhiteSpace(id(item)))
                {
                    errors.Add($"{label}.{(name == "citations" ? "key" : "id")}", $"{who}: needs an id.");
                }
                else if (!seen.Add(id(item)))
                {
                    errors.Add($"{label}.{(name == "citations" ? "key" : "id")}", $"{who}: the id is used twice.");
                }
                else
                {
                    items.Add((index, label, item));
                }
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "";
                var message = e.Message.Split(" Path:", 2)[0];
                if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
                {
                    message = "value not allowed here (check the spelling of the allowed values, and the type)";
                }
                errors.Add(field.Length > 0 ? $"{label}.{field}" : label, $"{who}, field '{field}': {message}.");
            }
            index++;
        }
        return items;
    }

    /// <summary>A string member of the file's root (anything else is named as an error, not a crash).</summary>
    private static string? Text(JsonElement value, string name, FieldErrors errors)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
        {
            return value.GetString();
        }
        errors.Add(name, $"'{name}' must be text.");
        return null;
    }

    private static string[] Required(string name) => name switch
    {
        "citations" => ["key", "text", "verification"],
        "recommendations" => ["id", "title", "guideline", "guidelineVersion", "year", "sites", "setting", "intervention", "text", "consensus", "citations"],
        _ => ["id", "title", "question"],
    };

    private static string Singular(string name) => name switch
    {
        "citations" => "Citation",
        "recommendations" => "Recommendation",
        _ => "Open question",
    };

    private static void CheckReferences(
        List<(int Index, string Label, Citation Item)> citations,
        List<(int Index, string Label, LibraryRecommendation Item)> recommendations,
        List<(int Index, string Label, OpenQuestionRecord Item)> questions,
        FieldErrors errors)
    {
        var citationKeys = citations.Select(c => c.Item.Key).ToHashSet(StringComparer.Ordinal);
        var questionIds = questions.Select(q => q.Item.Id).ToHashSet(StringComparer.Ordinal);
        var recommendationIds = recommendations.Select(r => r.Item.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, label, c) in citations)
        {
            errors.Check(!string.IsNullOrWhiteSpace(c.Text), $"{label}.text", $"Citation '{c.Key}': the reference text is missing.");
        }
        foreach (var (_, label, r) in recommendations)
        {
            var who = $"Recommendation '{r.Id}'";
            errors.Check(!string.IsNullOrWhiteSpace(r.Title), $"{label}.title", $"{who}: needs a title.");
            errors.Check(!string.IsNullOrWhiteSpace(r.Text), $"{label}.text", $"{who}: needs the recommendation text.");
            errors.Check(!string.IsNullOrWhiteSpace(r.Guideline), $"{label}.guideline", $"{who}: name the guideline.");
            errors.Check(r.Year is >= 1990 and <= 2100, $"{label}.year", $"{who}: give the guideline's year.");
            errors.Check(ContentRules.IsValidId(r.Id), $"{label}.id", $"{who}: use 3–80 lower-case letters, digits and hyphens for the id.");
            errors.Check(r.Text is not { Length: > 4000 }, $"{label}.text", $"{who}: keep the text under 4,000 characters.");
            foreach (var (field, message) in ContentRules.Problems(r).Concat(ContentRules.References(r, citationKeys, questionIds)))
            {
                errors.Add($"{label}.{field}", $"{who}: {message}");
            }
            foreach (var key in (r.KeyEvidence ?? []).Select(k => k?.Citation).OfType<string>().Where(k => !citationKeys.Contains(k)))
            {
                errors.Add($"{label}.keyEvidence", $"{who}: evidence cites '{key}', which is not in the citations list.");
            }
        }
        foreach (var (_, label, q) in questions)
        {
            var who = $"Open question '{q.Id}'";
            errors.Check(!string.IsNullOrWhiteSpace(q.Question), $"{label}.question", $"{who}: state the question.");
            errors.Check(q.Citations is not null && q.Citations.All(k => k is not null), $"{label}.citations", $"{who}: list citation keys ([] for none, no empty entries).");
            errors.Check(q.RecommendationIds is not null && q.RecommendationIds.All(id => id is not null), $"{label}.recommendationIds",
                $"{who}: list recommendation ids ([] for none, no empty entries).");
            errors.Check(q.Positions is not null && q.Positions.All(p => p is not null) && q.Evidence is not null && q.Evidence.All(e => e is not null),
                label, $"{who}: positions and evidence must be lists without empty entries.");
            errors.Check(q.Applies is not null, $"{label}.applies", $"{who}: say when it applies ({{}} for every case).");
            foreach (var key in (q.Citations ?? []).Where(k => k is not null && !citationKeys.Contains(k)))
            {
                errors.Add($"{label}.citations", $"{who}: cites '{key}', which is not in the citations list.");
            }
            foreach (var id in (q.RecommendationIds ?? []).Where(id => id is not null && !recommendationIds.Contains(id)))
            {
                errors.Add($"{label}.recommendationIds", $"{who}: links recommendation '{id}', which is not in the file.");
            }
        }
    }
}
