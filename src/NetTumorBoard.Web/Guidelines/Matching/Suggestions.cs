using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Guidelines.Matching;

public sealed record Suggestion(
    string RecommendationId,
    string Title,
    string Guideline,
    string GuidelineVersion,
    Intervention Intervention,
    Setting Setting,
    ConsensusStatus Consensus,
    string? OpenQuestionId,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> MissingFields,
    long Version,
    ReviewStatus ReviewStatus,
    int Score,
    string Text = "");

public sealed record OpenQuestionFlag(string OpenQuestionId, string Title, string Question, IReadOnlyList<string> Reasons, IReadOnlyList<string> Missing);

public sealed record SuggestionReport(IReadOnlyList<Suggestion> Suggestions, IReadOnlyList<OpenQuestionFlag> OpenQuestions);

public static class SuggestionsSlice
{
    /// <summary>Pure: rank every applicable recommendation for a case and flag the open questions it raises.</summary>
    public static SuggestionReport Rank(CaseContent content, IReadOnlyList<Recommendation> library, IReadOnlyList<OpenQuestion> questions)
    {
        var facts = CaseFacts.From(content);
        var flags = questions
            .Select(q => (q, e: Matcher.Evaluate(q.Applies, facts)))
            .Where(x => !x.e.Excluded && x.e.Missing.Count <= 1 && x.e.Reasons.Count > 0)
            .OrderByDescending(x => x.e.Score)
            .Select(x => new OpenQuestionFlag(x.q.Id, x.q.Title, x.q.Question, x.e.Reasons, x.e.Missing.Select(m => m.Reason).ToList()))
            .ToList();
        var flagged = flags.Select(f => f.OpenQuestionId).ToHashSet(StringComparer.Ordinal);

        var suggestions = library
            .Select(r => (r, e: Matcher.Evaluate(r.Content.Applies, facts)))
            .Where(x => !x.e.Excluded && x.e.Reasons.Count > 0)
            .Select(x => new Suggestion(x.r.Key, x.r.Content.Title, x.r.Content.Guideline, x.r.Content.GuidelineVersion, x.r.Content.Intervention,
                x.r.Content.Setting, x.r.Content.Consensus.Status,
                x.r.Content.OpenQuestion is { } q && flagged.Contains(q) ? q : null,
                x.e.Reasons, x.e.Missing.Select(m => m.Reason).Distinct().ToList(), x.e.Missing.Select(m => m.Field).Distinct().ToList(),
                x.r.Version, x.r.ReviewStatus, x.e.Score + (x.r.Content.OpenQuestion is { } oq && flagged.Contains(oq) ? 5 : 0), x.r.Content.Text))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Missing.Count)
            .ThenBy(s => s.Title, StringComparer.Ordinal)
            .ToList();
        return new SuggestionReport(suggestions, flags);
    }

    public static async Task<SuggestionReport> ForCaseAsync(Guid caseId, CurrentUser user, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct)
    {
        var details = await ViewCaseSlice.LoadAsync(caseId, user, session, ct);
        var (library, questions) = await catalog.GetAsync(ct);
        return Rank(details.Content, library, questions);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id:guid}/suggestions", async (Guid id, CurrentUser user, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct) =>
                (await ForCaseAsync(id, user, session, catalog, ct)).Suggestions)
            .WithName("GetCaseSuggestions")
            .WithSummary("Recommendations that apply to the case, ranked, with the fields that matched and those whose absence blocks a better match.");
        api.MapGet("/cases/{id:guid}/open-questions", async (Guid id, CurrentUser user, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct) =>
                (await ForCaseAsync(id, user, session, catalog, ct)).OpenQuestions)
            .WithName("GetCaseOpenQuestions")
            .WithSummary("Unresolved questions (guidelines disagree) that this case raises.");
    }
}
