using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Voting.Proposing;

public sealed record MakeProposalRequest(
    Intervention? Intervention, IReadOnlyList<Intervention>? AdditionalInterventions, string? Description,
    IReadOnlyList<string>? RecommendationIds, string? OffGuidelineRationale);

public sealed record ProposalCreatedResponse(Guid ProposalId, long Version);

public sealed record WithdrawProposalRequest(string? Reason);

public sealed record LinkProposalRequest(IReadOnlyList<string>? RecommendationIds);

public static class MakeProposalSlice
{
    public const int MaxOpenProposals = 10;

    /// <summary>Pure rule: a plan with an intervention, linked to recommendations attached to the case or justified off-guideline.</summary>
    public static ProposalMade Decide(CaseDetails state, MakeProposalRequest request, Guid proposalId, Actor actor, DateTimeOffset now)
    {
        if (state.Decision is { Retracted: false })
        {
            throw new CommandRejected(RejectionKind.Conflict, "The board has decided this case; amend the decision instead of proposing.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version });
        }
        var errors = new FieldErrors();
        errors.Check(request.Intervention is not null, "intervention", "Choose the main intervention.");
        var description = request.Description?.Trim() ?? "";
        errors.Check(description.Length is > 0 and <= 2000, "description", "Describe the plan (at most 2,000 characters).");
        var linked = (request.RecommendationIds ?? []).Distinct().ToList();
        foreach (var id in linked.Where(id => state.AttachedRecommendations.All(a => a.RecommendationId != id)))
        {
            errors.Add("recommendationIds", $"'{id}' is not attached to this case; attach it first.");
        }
        var offGuideline = string.IsNullOrWhiteSpace(request.OffGuidelineRationale) ? null : request.OffGuidelineRationale.Trim();
        if (linked.Count == 0)
        {
            errors.Check(offGuideline is { Length: >= 10 }, "offGuidelineRationale",
                "A plan not linked to an attached guideline recommendation needs a rationale (why off-guideline).");
        }
        errors.Check((offGuideline?.Length ?? 0) <= 2000, "offGuidelineRationale", "Use at most 2,000 characters.");
        errors.Check(state.Proposals.Count(p => !p.Withdrawn) < MaxOpenProposals, "intervention", $"A case has at most {MaxOpenProposals} open proposals.");
        errors.ThrowIfAny("The proposal has invalid fields.");
        var additional = (request.AdditionalInterventions ?? []).Where(i => i != request.Intervention).Distinct().ToList();
        return new ProposalMade(state.Id, proposalId, request.Intervention!.Value, additional, description, linked, offGuideline, actor.UserId, now);
    }

    public static Task<ProposalCreatedResponse> HandleAsync(Guid caseId, MakeProposalRequest request, CurrentUser user, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var proposalId = Guid.CreateVersion7();
        return CaseWrites.RunAsync(store, user, caseId, requireContributor: true, (_, state, actor) =>
        {
            IReadOnlyList<object> events = [Decide(state, request, proposalId, actor, clock.GetUtcNow())];
            return Task.FromResult((events, (Func<long, ProposalCreatedResponse>)(v => new ProposalCreatedResponse(proposalId, v))));
        }, ct);
    }

    public static Task<long> WithdrawAsync(Guid caseId, Guid proposalId, WithdrawProposalRequest request, CurrentUser user, IDocumentStore store,
        TimeProvider clock, CancellationToken ct) =>
        CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (_, state, actor) =>
        {
            if (request.Reason is { Length: > 2_000 })
            {
                throw CommandRejected.Invalid("reason", "Keep the reason under 2,000 characters.");
            }
            var proposal = await ProposerOrChairAsync(user, state, proposalId, actor, "withdraws it", ct);
            if (state.Decision is { Retracted: false })
            {
                throw new CommandRejected(RejectionKind.Conflict, "The board has decided this case.");
            }
            IReadOnlyList<object> events = proposal.Withdrawn ? [] : [new ProposalWithdrawn(caseId, proposalId, request.Reason?.Trim(), actor.UserId, clock.GetUtcNow())];
            return (events, (Func<long, long>)(v => v));
        }, ct);

    /// <summary>
    /// Pure rule: an open proposal (no decision in force, not withdrawn) is linked to recommendations attached to the case;
    /// nothing new to link is no event. Whoever may do it (its proposer or the chair) is checked by the caller first.
    /// </summary>
    public static ProposalLinked? DecideLink(CaseDetails state, Guid proposalId, LinkProposalRequest request, Actor actor, DateTimeOffset now)
    {
        var proposal = state.Proposals.FirstOrDefault(p => p.Id == proposalId) ?? throw CommandRejected.NotFound("Proposal");
        if (state.Decision is { Retracted: false } || proposal.Withdrawn)
        {
            throw new CommandRejected(RejectionKind.Conflict, proposal.Withdrawn ? "This proposal was withdrawn." : "The board has decided this case; amend the decision instead.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version });
        }
        var wanted = (request.RecommendationIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        var errors = new FieldErrors();
        errors.Check(wanted.Count > 0, "recommendationIds", "Name at least one recommendation attached to this case.");
        foreach (var id in wanted.Where(id => state.AttachedRecommendations.All(a => a.RecommendationId != id)))
        {
            errors.Add("recommendationIds", $"'{id}' is not attached to this case; attach it first.");
        }
        errors.ThrowIfAny("The link has invalid fields.");
        var added = wanted.Except(proposal.RecommendationIds).ToList();
        return added.Count == 0 ? null : new ProposalLinked(state.Id, proposalId, added, actor.UserId, now);
    }

    public static Task<long> LinkAsync(Guid caseId, Guid proposalId, LinkProposalRequest request, CurrentUser user, IDocumentStore store,
        TimeProvider clock, CancellationToken ct) =>
        CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (_, state, actor) =>
        {
            await ProposerOrChairAsync(user, state, proposalId, actor, "links it to a recommendation", ct);
            IReadOnlyList<object> events = DecideLink(state, proposalId, request, actor, clock.GetUtcNow()) is { } linked ? [linked] : [];
            return (events, (Func<long, long>)(v => v));
        }, ct);

    /// <summary>The proposal, if the actor proposed it or chairs the board (404 for an unknown proposal, 403 for anyone else).</summary>
    private static async Task<ProposalView> ProposerOrChairAsync(CurrentUser user, CaseDetails state, Guid proposalId, Actor actor, string does, CancellationToken ct)
    {
        var proposal = state.Proposals.FirstOrDefault(p => p.Id == proposalId) ?? throw CommandRejected.NotFound("Proposal");
        var roles = (await user.MembershipAsync(state.BoardId, ct))?.Roles ?? [];
        if (proposal.ProposedBy != actor.UserId && !roles.Contains(BoardRole.Chair))
        {
            throw CommandRejected.Forbidden($"Only whoever proposed a plan, or the chair, {does}.");
        }
        return proposal;
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/proposals/{proposalId:guid}/recommendations", async (Guid id, Guid proposalId, LinkProposalRequest request, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) => new { version = await LinkAsync(id, proposalId, request, user, store, clock, ct) })
            .WithName("LinkProposal")
            .WithSummary("Link an open proposal to recommendations attached to the case (its proposer or the chair); its votes stand, it is no longer off-guideline.");
        api.MapPost("/cases/{id:guid}/proposals", async (Guid id, MakeProposalRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(id, request, user, store, clock, ct);
                return TypedResults.Created($"/api/cases/{id}", created);
            })
            .WithName("MakeProposal")
            .WithSummary("Propose a treatment plan: linked to attached recommendations, or off-guideline with a rationale.");
        api.MapPost("/cases/{id:guid}/proposals/{proposalId:guid}/withdrawal", async (Guid id, Guid proposalId, WithdrawProposalRequest request, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) => new { version = await WithdrawAsync(id, proposalId, request, user, store, clock, ct) })
            .WithName("WithdrawProposal")
            .WithSummary("Withdraw a proposal (its proposer or the chair); its votes stay in the history.");
    }
}
