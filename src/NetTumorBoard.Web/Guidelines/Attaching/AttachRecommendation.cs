using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Guidelines.Attaching;

public sealed record AttachRecommendationRequest(string? RecommendationId, string? Comment);

/// <summary>An attached snapshot next to the library's current version of the same recommendation.</summary>
public sealed record AttachmentView(AttachedRecommendation Snapshot, long LatestVersion, string? LatestText)
{
    public bool NewerVersionExists => LatestVersion > Snapshot.Version;
}

public static class AttachRecommendationSlice
{
    public const int MaxComment = 1000;

    /// <summary>Pure rule: freeze the recommendation as it reads now; attaching the same version with the same comment again changes nothing.</summary>
    public static RecommendationAttached? Decide(CaseDetails state, Recommendation recommendation, IReadOnlyDictionary<string, Citation> citations,
        string? comment, Actor actor, DateTimeOffset now)
    {
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (note?.Length > MaxComment)
        {
            throw CommandRejected.Invalid("comment", $"Keep the comment under {MaxComment} characters.");
        }
        var existing = state.AttachedRecommendations.FirstOrDefault(a => a.RecommendationId == recommendation.Key);
        if (existing is not null && existing.Version == recommendation.Version && existing.Comment == note)
        {
            return null;
        }
        var c = recommendation.Content;
        var snapshot = new AttachedRecommendation(recommendation.Key, recommendation.Version, c.Title, c.Guideline, c.GuidelineVersion, c.Intervention,
            c.Setting, c.Text, c.Strength, c.Consensus.Status,
            c.Citations.Select(k => citations.TryGetValue(k, out var citation) ? citation : new Citation(k, k, null, null, null, Verification.Memory, "Citation missing from the library")).ToList(),
            recommendation.ReviewStatus, c.OpenQuestion, note, actor.UserId, now);
        return new RecommendationAttached(state.Id, snapshot, actor.UserId, now);
    }

    public static async Task<AttachedRecommendation> HandleAsync(Guid caseId, AttachRecommendationRequest request, CurrentUser user,
        IDocumentStore store, GuidelineCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        // Access first (inside RunAsync), then the body: a non-member learns nothing, not even what is invalid.
        return await CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (session, state, actor) =>
        {
            if (string.IsNullOrWhiteSpace(request.RecommendationId))
            {
                throw CommandRejected.Invalid("recommendationId", "Say which recommendation to attach.");
            }
            var recommendation = await session.LoadAsync<Recommendation>(Recommendation.StreamIdFor(request.RecommendationId), ct)
                ?? throw CommandRejected.Invalid("recommendationId", $"There is no recommendation '{request.RecommendationId}' in the library.");
            var citations = await catalog.CitationsAsync(recommendation.Content.Citations, ct);
            var attached = Decide(state, recommendation, citations, request.Comment, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = attached is null ? [] : [attached];
            var result = attached?.Snapshot ?? state.AttachedRecommendations.First(a => a.RecommendationId == recommendation.Key);
            return (events, (Func<long, AttachedRecommendation>)(_ => result));
        }, ct);
    }

    public static async Task<IReadOnlyList<AttachmentView>> ViewsAsync(CaseDetails details, GuidelineCatalog catalog, CancellationToken ct)
    {
        var (library, _) = await catalog.GetAsync(ct);
        var byKey = library.ToDictionary(r => r.Key, StringComparer.Ordinal);
        return details.AttachedRecommendations
            .Select(a => byKey.TryGetValue(a.RecommendationId, out var current)
                ? new AttachmentView(a, current.Version, current.Content.Text)
                : new AttachmentView(a, a.Version, null))
            .ToList();
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/recommendations", async (Guid id, AttachRecommendationRequest request, CurrentUser user, IDocumentStore store,
                GuidelineCatalog catalog, TimeProvider clock, CancellationToken ct) =>
            {
                var snapshot = await HandleAsync(id, request, user, store, catalog, clock, ct);
                return TypedResults.Created($"/api/cases/{id}/recommendations", snapshot);
            })
            .WithName("AttachRecommendation")
            .WithSummary("Attach a recommendation to a case; its text, version and citations are frozen as of now.");
        api.MapGet("/cases/{id:guid}/recommendations", async (Guid id, CurrentUser user, IQuerySession session, GuidelineCatalog catalog, CancellationToken ct) =>
                await ViewsAsync(await ViewCaseSlice.LoadAsync(id, user, session, ct), catalog, ct))
            .WithName("ListAttachedRecommendations")
            .WithSummary("Attached snapshots with the library's latest version of each (newerVersionExists).");
        api.MapDelete("/cases/{id:guid}/recommendations/{recommendationId}", async (Guid id, string recommendationId, string? reason, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                if (reason is { Length: > 2_000 })
                {
                    throw CommandRejected.Invalid("reason", "Keep the reason under 2,000 characters.");
                }
                await CaseWrites.RunAsync(store, user, id, requireContributor: true, (_, state, actor) =>
                {
                    IReadOnlyList<object> events = state.AttachedRecommendations.Any(a => a.RecommendationId == recommendationId)
                        ? [new RecommendationDetached(id, recommendationId, reason?.Trim() is { Length: > 0 } why ? why : null, actor.UserId, clock.GetUtcNow())]
                        : [];
                    return Task.FromResult((events, (Func<long, bool>)(_ => true)));
                }, ct);
                return TypedResults.NoContent();
            })
            .WithName("DetachRecommendation")
            .WithSummary("Remove an attached recommendation from a case (recorded in its history).");
    }
}
