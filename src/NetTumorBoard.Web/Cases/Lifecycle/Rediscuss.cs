using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases.Lifecycle;

public sealed record RediscussRequest(string? Question);

/// <summary>
/// A patient comes back to the board: a new case, linked to the earlier one, starting from its facts (the earlier
/// case and its decision stay as they were).
/// </summary>
public static class RediscussSlice
{
    public static async Task<CaseCreatedResponse> HandleAsync(
        Guid caseId, RediscussRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        var earlier = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw CommandRejected.NotFound("Case");
        await user.RequireMemberAsync(earlier.BoardId, "Case", ct);
        await user.RequireContributorAsync(earlier.BoardId, ct);
        if (earlier.Status is not (CaseStatus.Decided or CaseStatus.FollowUp))
        {
            throw new CommandRejected(RejectionKind.Conflict,
                $"Only a decided case is discussed again; this one is '{earlier.Status.Display()}'. Continue it instead.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = earlier.Version });
        }
        var newId = Guid.CreateVersion7();
        var created = CreateCaseSlice.Decide(new CreateCaseRequest(earlier.Patient, earlier.Tumor, request.Question, caseId),
            newId, earlier.BoardId, actor, clock.GetUtcNow());
        session.Events.StartStream<CaseDetails>(newId, created);
        await session.SaveChangesAsync(ct);
        return new CaseCreatedResponse(newId, 1);
    }

    /// <summary>All board discussions of this patient, oldest first: the chain of earlier cases and any later ones.</summary>
    public static async Task<IReadOnlyList<CaseSummary>> TimelineAsync(IQuerySession session, CaseDetails current, CancellationToken ct)
    {
        var chain = new List<CaseSummary>();
        var seen = new HashSet<Guid> { current.Id };
        for (var id = current.PreviousCaseId; id is { } previous && seen.Add(previous) && chain.Count < 50;)
        {
            var summary = await session.LoadAsync<CaseSummary>(previous, ct);
            if (summary is null)
            {
                break;
            }
            chain.Insert(0, summary);
            id = summary.PreviousCaseId;
        }
        var frontier = new List<Guid> { current.Id };
        while (frontier.Count > 0 && chain.Count < 100)
        {
            var ids = frontier.ToArray();
            var later = await session.Query<CaseSummary>().Where(c => c.PreviousCaseId != null && c.PreviousCaseId.Value.IsOneOf(ids)).ToListAsync(ct);
            frontier = later.Where(c => seen.Add(c.Id)).Select(c => c.Id).ToList();
            chain.AddRange(later.Where(c => frontier.Contains(c.Id)).OrderBy(c => c.CreatedAt));
        }
        return chain;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/cases/{id:guid}/rediscussions", async (Guid id, RediscussRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(id, request, user, store, clock, ct);
                return TypedResults.Created($"/api/cases/{created.Id}", created);
            })
            .WithName("RediscussCase")
            .WithSummary("Open a new case for a patient whose earlier case was decided; the two are linked.");
}
