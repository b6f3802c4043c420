using Marten;
using NetTumorBoard.Web.Guidelines.Library;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Guidelines.Curation;

public sealed record ReviseRecommendationRequest(long? BaseVersion, RecommendationContent? Content, string? Reason);

public sealed record VerifyRecommendationRequest(long? Version, string? Note);

public sealed record RecommendationVersionResponse(string Id, long Version, ReviewStatus ReviewStatus);

/// <summary>Guideline editors revise recommendations (each change a new version) and mark a version verified.</summary>
public static class EditRecommendationSlice
{
    /// <summary>Pure rule: a revision must be based on the current version and be a valid library record.</summary>
    public static RecommendationRevised? DecideRevision(Recommendation current, ReviseRecommendationRequest request, IReadOnlySet<string> citationKeys,
        IReadOnlySet<string> questionIds, Actor actor, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Check(request.BaseVersion is not null, "baseVersion", "Send the version you edited.");
        errors.Check(request.Content is not null, "content", "Send the recommendation's content.");
        errors.Check(request.Reason is not { Length: > 2_000 }, "reason", "Keep the reason under 2,000 characters.");
        errors.ThrowIfAny();
        if (request.BaseVersion != current.Version)
        {
            throw new CommandRejected(RejectionKind.Conflict,
                $"Someone saved version {current.Version} of this recommendation after version {request.BaseVersion}; reload and apply your change again.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        }
        var content = request.Content!;
        ValidateContent(content, citationKeys, questionIds, errors);
        errors.ThrowIfAny("The recommendation has invalid fields.");
        if (LibraryRecommendation.HashOf(content) == LibraryRecommendation.HashOf(current.Content))
        {
            return null;
        }
        return new RecommendationRevised(current.Id, current.Key, content, "editor", null, request.Reason?.Trim(), actor.UserId, now);
    }

    public static void ValidateContent(RecommendationContent c, IReadOnlySet<string> citationKeys, IReadOnlySet<string> questionIds, FieldErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(c.Title) && c.Title.Length <= 200, "content.title", "Give a title of at most 200 characters.");
        errors.Check(!string.IsNullOrWhiteSpace(c.Text) && c.Text.Length <= 4000, "content.text", "Write the recommendation (at most 4,000 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(c.Guideline), "content.guideline", "Name the guideline.");
        errors.Check(c.Year is >= 1990 and <= 2100, "content.year", "Give the guideline's year.");
        foreach (var (field, message) in ContentRules.Problems(c).Concat(ContentRules.References(c, citationKeys, questionIds)))
        {
            errors.Add($"content.{field}", message);
        }
    }

    public static async Task<RecommendationVersionResponse> ReviseAsync(string key, ReviseRecommendationRequest request, CurrentUser user,
        IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        var streamId = Recommendation.StreamIdFor(key);
        var stream = await session.Events.FetchForWriting<Recommendation>(streamId, ct);
        var current = stream.Aggregate ?? throw CommandRejected.NotFound($"Recommendation '{key}'");
        var citationKeys = (await session.Query<CitationDocument>().Select(c => c.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var questionIds = (await session.Query<OpenQuestion>().Select(q => q.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var revised = DecideRevision(current, request, citationKeys, questionIds, actor, clock.GetUtcNow());
        if (revised is null)
        {
            return new RecommendationVersionResponse(key, current.Version, current.ReviewStatus);
        }
        stream.AppendOne(revised);
        await session.SaveChangesAsync(ct);
        return new RecommendationVersionResponse(key, current.Version + 1, ReviewStatus.Draft);
    }

    public static async Task<RecommendationVersionResponse> VerifyAsync(string key, VerifyRecommendationRequest request, CurrentUser user,
        IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Check(request.Version is > 0, "version", "Send the version you checked against the guideline.");
        errors.Check(!string.IsNullOrWhiteSpace(request.Note), "note", "Say what you checked it against (the guideline's text, section and page).");
        errors.Check(request.Note is not { Length: > 2_000 }, "note", "Keep the note under 2,000 characters.");
        errors.ThrowIfAny();
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        var streamId = Recommendation.StreamIdFor(key);
        var stream = await session.Events.FetchForWriting<Recommendation>(streamId, ct);
        var current = stream.Aggregate ?? throw CommandRejected.NotFound($"Recommendation '{key}'");
        if (request.Version != current.Version)
        {
            throw new CommandRejected(RejectionKind.Conflict, $"Verify the version you read: the current version is {current.Version}.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        }
        if (current.ReviewStatus == ReviewStatus.Verified)
        {
            return new RecommendationVersionResponse(key, current.Version, current.ReviewStatus);
        }
        stream.AppendOne(new RecommendationVerified(streamId, key, request.Note?.Trim(), actor.UserId, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return new RecommendationVersionResponse(key, current.Version + 1, ReviewStatus.Verified);
    }

    public sealed record AddRecommendationRequest(string? Id, RecommendationContent? Content);

    public static async Task<RecommendationVersionResponse> AddAsync(AddRecommendationRequest request, CurrentUser user, IDocumentStore store,
        GuidelineCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var key = request.Id?.Trim() ?? "";
        errors.Check(ContentRules.IsValidId(key), "id", "Use 3–80 lower-case letters, digits and hyphens.");
        errors.Check(request.Content is not null, "content", "Send the recommendation's content.");
        errors.ThrowIfAny();
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        var streamId = Recommendation.StreamIdFor(key);
        if (await session.LoadAsync<Recommendation>(streamId, ct) is not null)
        {
            throw CommandRejected.Invalid("id", $"A recommendation '{key}' exists already; revise it instead.");
        }
        var citationKeys = (await session.Query<CitationDocument>().Select(c => c.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var questionIds = (await session.Query<OpenQuestion>().Select(q => q.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        ValidateContent(request.Content!, citationKeys, questionIds, errors);
        errors.ThrowIfAny("The recommendation has invalid fields.");
        session.Events.StartStream<Recommendation>(streamId, new RecommendationAdded(streamId, key, request.Content!, "editor", null, actor.UserId, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        catalog.Invalidate();
        return new RecommendationVersionResponse(key, 1, ReviewStatus.Draft);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/guidelines", async (AddRecommendationRequest request, CurrentUser user, IDocumentStore store, GuidelineCatalog catalog, TimeProvider clock, CancellationToken ct) =>
            {
                var added = await AddAsync(request, user, store, catalog, clock, ct);
                return TypedResults.Created($"/api/guidelines/{added.Id}", added);
            })
            .RequireAuthorization(Policies.GuidelineEditor)
            .WithName("AddRecommendation")
            .WithSummary("Add a recommendation to the library (GuidelineEditor); it starts as a draft.");
        api.MapPut("/guidelines/{id}", (string id, ReviseRecommendationRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                ReviseAsync(id, request, user, store, clock, ct))
            .RequireAuthorization(Policies.GuidelineEditor)
            .WithName("ReviseRecommendation")
            .WithSummary("Save a new version of a recommendation (GuidelineEditor); 409 when someone saved another version since baseVersion.");
        api.MapPost("/guidelines/{id}/verification", (string id, VerifyRecommendationRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                VerifyAsync(id, request, user, store, clock, ct))
            .RequireAuthorization(Policies.GuidelineEditor)
            .WithName("VerifyRecommendation")
            .WithSummary("Mark the current version as checked against the guideline text (GuidelineEditor).");
    }
}
