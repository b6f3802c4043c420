using Marten;
using NetTumorBoard.Web.Guidelines.Browsing;

namespace NetTumorBoard.Web.Guidelines.OpenQuestions;

/// <summary>A decision of this institution's boards on an open question (filled once decisions are recorded).</summary>
public sealed record LinkedDecision(Guid CaseId, Guid BoardId, string Summary, DateTimeOffset DecidedAt);

public sealed record OpenQuestionView(
    string Id, string Title, string Question, string Context, IReadOnlyList<GuidelinePosition> Positions, IReadOnlyList<KeyEvidence> Evidence,
    IReadOnlyList<CitationView> Citations, IReadOnlyList<string> RecommendationIds, ReviewStatus ReviewStatus, IReadOnlyList<LinkedDecision> Decisions);

public static class ListOpenQuestionsSlice
{
    public static async Task<IReadOnlyList<OpenQuestionView>> QueryAsync(IQuerySession session, GuidelineCatalog catalog, Platform.Identity.CurrentUser user, CancellationToken ct)
    {
        var (_, questions) = await catalog.GetAsync(ct);
        var citations = await catalog.CitationsAsync(questions.SelectMany(q => q.Citations), ct);
        var boards = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        var decisions = (await session.Query<Decisions.Register.DecisionEntry>()
                .Where(d => d.OpenQuestionId != null && d.BoardId.IsOneOf(boards)).ToListAsync(ct))
            .Where(d => !d.Retracted)
            .ToLookup(d => d.OpenQuestionId!);
        return questions.OrderBy(q => q.Title, StringComparer.Ordinal)
            .Select(q => new OpenQuestionView(q.Id, q.Title, q.Question, q.Context, q.Positions, q.Evidence,
                q.Citations.Where(citations.ContainsKey).Select(k => CitationView.From(citations[k])).ToList(), q.RecommendationIds, q.ReviewStatus,
                decisions[q.Id].OrderByDescending(d => d.DecidedAt)
                    .Select(d => new LinkedDecision(d.CaseId, d.BoardId, $"{d.Pseudonym}: {Cases.CaseFormat.Words(d.Intervention)} — {d.Plan}", d.DecidedAt)).ToList()))
            .ToList();
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/open-questions", (IQuerySession session, GuidelineCatalog catalog, Platform.Identity.CurrentUser user, CancellationToken ct) => QueryAsync(session, catalog, user, ct))
            .WithName("ListOpenQuestions")
            .WithSummary("Unresolved questions where guidelines disagree, each guideline's position, and this institution's board decisions on them.");
}
