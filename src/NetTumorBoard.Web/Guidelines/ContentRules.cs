namespace NetTumorBoard.Web.Guidelines;

/// <summary>
/// The shape every recommendation's content must have, whether it comes from an editor (API, dialog) or a library
/// file: no missing part where the model has one (a record without <c>applies</c> broke suggestions for every case),
/// no empty list entry, known values only, and text within limits (what is saved lands in append-only events).
/// </summary>
public static class ContentRules
{
    public const int MaxEvidence = 30;
    public const int MaxPositions = 20;
    public const int MaxCitations = 50;

    /// <summary>A recommendation's id (its stream key, part of its URL): 3–80 lower-case letters, digits and hyphens.</summary>
    public static bool IsValidId(string id) => System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]{2,79}\\z");

    /// <summary>
    /// What the content refers to must be there: at least one site and one citation, every citation key in the library's
    /// citations, the open question (if any) among its open questions. As (field, message), like <see cref="Problems"/>.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> References(RecommendationContent c, IReadOnlySet<string> citationKeys, IReadOnlySet<string> questionIds)
    {
        if (c.Sites is { Count: 0 })
        {
            yield return ("sites", "List at least one primary site.");
        }
        if (c.Citations is { Count: 0 })
        {
            yield return ("citations", "Cite at least one source.");
        }
        foreach (var key in (c.Citations ?? []).Where(k => k is not null && !citationKeys.Contains(k)))
        {
            yield return ("citations", $"Cites '{key}', which is not among the library's citations.");
        }
        if (c.OpenQuestion is { } q && !questionIds.Contains(q))
        {
            yield return ("openQuestion", $"Refers to open question '{q}', which the library does not have.");
        }
    }

    /// <summary>Each problem as (field relative to the content, e.g. "consensus.positions[1]", message).</summary>
    public static IEnumerable<(string Field, string Message)> Problems(RecommendationContent c)
    {
        foreach (var p in Text(c.Guideline, "guideline", 200).Concat(Text(c.GuidelineVersion, "guidelineVersion", 400))
                     .Concat(Text(c.Scope, "scope", 1_000)).Concat(Text(c.ReviewNote, "reviewNote", 2_000)))
        {
            yield return p;
        }
        if (c.Sites is null || c.Sites.Any(s => !Enum.IsDefined(s)))
        {
            yield return ("sites", "List the primary sites it is about (known sites only).");
        }
        if (!Enum.IsDefined(c.Setting))
        {
            yield return ("setting", "Unknown setting.");
        }
        if (!Enum.IsDefined(c.Intervention))
        {
            yield return ("intervention", "Unknown intervention.");
        }
        if (c.Citations is null || c.Citations.Any(string.IsNullOrWhiteSpace) || c.Citations.Count > MaxCitations)
        {
            yield return ("citations", $"Cite sources by their keys: no empty entries, at most {MaxCitations}.");
        }
        if (c.Strength is null)
        {
            yield return ("strength", "Give the strength of the recommendation ({} when the guideline grades none).");
        }
        else
        {
            foreach (var p in Text(c.Strength.AsGraded, "strength.asGraded", 200).Concat(Text(c.Strength.System, "strength.system", 200))
                         .Concat(Text(c.Strength.Note, "strength.note", 1_000)))
            {
                yield return p;
            }
        }
        if (c.KeyEvidence is null || c.KeyEvidence.Count > MaxEvidence)
        {
            yield return ("keyEvidence", $"List the key evidence ([] for none, at most {MaxEvidence} entries).");
        }
        else
        {
            for (var i = 0; i < c.KeyEvidence.Count; i++)
            {
                var k = c.KeyEvidence[i];
                var at = $"keyEvidence[{i}]";
                if (k is null || string.IsNullOrWhiteSpace(k.Trial) || k.Design is null || k.N is null || string.IsNullOrWhiteSpace(k.Result))
                {
                    yield return (at, "Each piece of evidence needs its trial, design, number of patients and result.");
                    continue;
                }
                foreach (var p in Text(k.Trial, $"{at}.trial", 200).Concat(Text(k.Design, $"{at}.design", 500)).Concat(Text(k.N, $"{at}.n", 200))
                             .Concat(Text(k.Result, $"{at}.result", 1_000)))
                {
                    yield return p;
                }
            }
        }
        if (c.Consensus is null)
        {
            yield return ("consensus", "Say whether the guidelines agree (status, summary, positions).");
        }
        else
        {
            if (!Enum.IsDefined(c.Consensus.Status))
            {
                yield return ("consensus.status", "Unknown consensus status.");
            }
            if (c.Consensus.Summary is null)
            {
                yield return ("consensus.summary", "Summarise the consensus (may be empty text).");
            }
            foreach (var p in Text(c.Consensus.Summary, "consensus.summary", 2_000))
            {
                yield return p;
            }
            if (c.Consensus.Positions is null || c.Consensus.Positions.Count > MaxPositions)
            {
                yield return ("consensus.positions", $"List each guideline's position ([] for none, at most {MaxPositions}).");
            }
            else
            {
                for (var i = 0; i < c.Consensus.Positions.Count; i++)
                {
                    var position = c.Consensus.Positions[i];
                    var at = $"consensus.positions[{i}]";
                    if (position is null || string.IsNullOrWhiteSpace(position.Guideline) || string.IsNullOrWhiteSpace(position.Position)
                        || !Enum.IsDefined(position.Verification))
                    {
                        yield return (at, "Each position needs its guideline, the position and how well it was verified.");
                        continue;
                    }
                    foreach (var p in Text(position.Guideline, $"{at}.guideline", 400).Concat(Text(position.Position, $"{at}.position", 2_000)))
                    {
                        yield return p;
                    }
                }
            }
        }
        if (c.Applies is null)
        {
            yield return ("applies", "Say when it applies ({} for every case of its sites).");
        }
        else if (c.Applies.Ki67 is { } ki67 && (ki67.Min is < 0 or > 100 || ki67.Max is < 0 or > 100 || ki67.Min > ki67.Max))
        {
            yield return ("applies.ki67", "Give a Ki-67 range within 0–100, its minimum not above its maximum.");
        }
    }

    private static IEnumerable<(string, string)> Text(string? value, string field, int max)
    {
        if (value is { Length: var length } && length > max)
        {
            yield return (field, $"At most {max:N0} characters.");
        }
    }
}
