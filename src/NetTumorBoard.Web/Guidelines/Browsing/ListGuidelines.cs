using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Guidelines.Browsing;

public sealed record CitationView(string Key, string Text, string? Doi, string? Pmid, string? Link, Verification Verification, string? Note)
{
    public static CitationView From(Citation c) => new(c.Key, c.Text, c.Doi, c.Pmid, c.Link, c.Verification, c.Note);
}

/// <summary>A recommendation as GET /api/guidelines shows it (contract shape plus title, scope, sites and evidence).</summary>
public sealed record RecommendationView(
    string Id, long Version, string Title, string Guideline, string GuidelineVersion, int Year, PrimarySite? Site, IReadOnlyList<PrimarySite> Sites,
    Setting Setting, Intervention Intervention, string Scope, string Text, Strength Strength, IReadOnlyList<KeyEvidence> KeyEvidence,
    Consensus Consensus, IReadOnlyList<CitationView> Citations, string? OpenQuestionId, ReviewStatus ReviewStatus, Guid? VerifiedBy,
    DateTimeOffset? VerifiedAt, string? ReviewNote, DateTimeOffset UpdatedAt, string? VerificationNote = null)
{
    public static RecommendationView From(Recommendation r, IReadOnlyDictionary<string, Citation> citations) => new(
        r.Key, r.Version, r.Content.Title, r.Content.Guideline, r.Content.GuidelineVersion, r.Content.Year, r.Content.Sites.FirstOrDefault(), r.Content.Sites,
        r.Content.Setting, r.Content.Intervention, r.Content.Scope, r.Content.Text, r.Content.Strength, r.Content.KeyEvidence, r.Content.Consensus,
        r.Content.Citations.Where(citations.ContainsKey).Select(k => CitationView.From(citations[k])).ToList(), r.Content.OpenQuestion, r.ReviewStatus,
        r.VerifiedBy, r.VerifiedAt, r.Content.ReviewNote, r.UpdatedAt, r.VerificationNote);
}

public sealed record GuidelineFilter(PrimarySite? Site = null, Setting? Setting = null, Intervention? Intervention = null, ConsensusStatus? Consensus = null, string? Text = null);

public static class ListGuidelinesSlice
{
    /// <summary>Filters in the database; free text with PostgreSQL full-text search (web-style: words, "phrases", -not).</summary>
    public static async Task<IReadOnlyList<RecommendationView>> QueryAsync(GuidelineFilter filter, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct)
    {
        IQueryable<Recommendation> query = session.Query<Recommendation>();
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(r => r.WebStyleSearch(text));
        }
        var found = await query.ToListAsync(ct);
        var selected = found
            .Where(r => filter.Site is not { } site || r.Content.Sites.Contains(site))
            .Where(r => filter.Setting is not { } setting || r.Content.Setting == setting)
            .Where(r => filter.Intervention is not { } intervention || r.Content.Intervention == intervention)
            .Where(r => filter.Consensus is not { } consensus || r.Content.Consensus.Status == consensus)
            .OrderBy(r => r.Content.Sites.Count > 2 ? 1 : 0).ThenBy(r => r.Content.Sites.FirstOrDefault()).ThenBy(r => r.Content.Setting).ThenBy(r => r.Content.Title)
            .ToList();
        var citations = await catalog.CitationsAsync(selected.SelectMany(r => r.Content.Citations), ct);
        return selected.Select(r => RecommendationView.From(r, citations)).ToList();
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/guidelines", async (string? site, string? setting, string? intervention, string? consensus, string? q,
                IQuerySession session, GuidelineCatalog catalog, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var filter = new GuidelineFilter(
                    Parse<PrimarySite>(site, "site", errors), Parse<Setting>(setting, "setting", errors),
                    Parse<Intervention>(intervention, "intervention", errors), Parse<ConsensusStatus>(consensus, "consensus", errors), q);
                errors.Check((q?.Length ?? 0) <= 200, "q", "Search with at most 200 characters.");
                errors.ThrowIfAny();
                return await QueryAsync(filter, session, catalog, ct);
            })
            .WithName("ListGuidelines")
            .WithSummary("Guideline recommendations; filter by site, setting, intervention, consensus and full text.");

    internal static T? Parse<T>(string? value, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }
        errors.Add(field, $"Use one of: {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }
}
