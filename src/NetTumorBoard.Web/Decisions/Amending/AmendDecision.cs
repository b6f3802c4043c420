using NetTumorBoard.Web.Guidelines;
using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions.Finalizing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Decisions.Amending;

public sealed record AmendRequest(string? Reason, string? Rationale, ConcordanceRequest? Concordance, string? Plan);

public sealed record RetractRequest(string? Reason);

/// <summary>A decision is never edited: the chair amends it (a new event with a reason) or retracts it.</summary>
public static class AmendDecisionSlice
{
    public static DecisionAmended DecideAmendment(CaseDetails state, AmendRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? openQuestionTitles = null)
    {
        var decision = RequireOpenDecision(state, roles);
        var errors = new FieldErrors();
        errors.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "Say why the decision is amended.");
        errors.Check(request.Reason is not { Length: > 2_000 }, "reason", "Keep the reason under 2,000 characters.");
        errors.Check(request.Rationale is not null || request.Concordance is not null || request.Plan is not null, "rationale", "Change the rationale, the plan or the concordance.");
        // The same rules as when the decision was recorded: what is in force must never be blank.
        errors.Check(request.Rationale is null || request.Rationale.Trim().Length is > 0 and <= 4_000, "rationale",
            "State the corrected rationale (at most 4,000 characters).");
        errors.Check(request.Plan is null || request.Plan.Trim().Length is > 0 and <= 2_000, "plan", "Describe the corrected plan (at most 2,000 characters).");
        if (request.Concordance is { } c)
        {
            errors.Check(c.Reason is not { Length: > 2_000 }, "concordance.reason", "Keep the reason under 2,000 characters.");
            errors.Check(c.Status is not null, "concordance.status", "Give the concordance status.");
            errors.Check(c.Status != ConcordanceStatus.Deviation || !string.IsNullOrWhiteSpace(c.Reason), "concordance.reason", "A deviation needs its reason.");
            errors.Check(c.Status != ConcordanceStatus.OpenQuestion || !string.IsNullOrWhiteSpace(c.OpenQuestionId), "concordance.openQuestionId", "Name the open question.");
        }
        errors.ThrowIfAny("The amendment has invalid fields.");
        var concordance = request.Concordance is { } cc ? FinalizeDecisionSlice.Recorded(cc.Status!.Value, cc.Reason, cc.OpenQuestionId, openQuestionTitles) : null;
        return new DecisionAmended(state.Id, decision.Id,
            new Amendment(request.Reason!.Trim(), request.Rationale?.Trim(), concordance, request.Plan?.Trim(), actor.UserId, now, actor.Name), actor.UserId, now);
    }

    public static DecisionRetracted DecideRetraction(CaseDetails state, RetractRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        var decision = RequireOpenDecision(state, roles);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 2_000)
        {
            throw CommandRejected.Invalid("reason", "Say why the decision is retracted (at most 2,000 characters).");
        }
        return new DecisionRetracted(state.Id, decision.Id, request.Reason.Trim(), actor.UserId, now, actor.Name);
    }

    private static DecisionView RequireOpenDecision(CaseDetails state, IReadOnlyCollection<BoardRole> roles)
    {
        if (!roles.Contains(BoardRole.Chair))
        {
            throw CommandRejected.Forbidden("Only the board's chair amends or retracts a decision.");
        }
        return state.Decision is { Retracted: false } d ? d : throw new CommandRejected(RejectionKind.Conflict, "There is no decision in force on this case.");
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/decision/amendments", async (Guid id, AmendRequest request, CurrentUser user, IDocumentStore store, GuidelineCatalog catalog,
                TimeProvider clock, CancellationToken ct) =>
            {
                var version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, async (_, state, actor) =>
                {
                    await OpenQuestionCheck.RequireKnownAsync(request.Concordance, catalog, ct); // after access: a non-member learns nothing
                    var roles = (await user.MembershipAsync(state.BoardId, ct))?.Roles ?? [];
                    IReadOnlyList<object> events = [DecideAmendment(state, request, roles, actor, clock.GetUtcNow(), await OpenQuestionCheck.TitlesAsync(catalog, ct))];
                    return (events, (Func<long, long>)(v => v));
                }, ct);
                return TypedResults.Created($"/api/cases/{id}", new { version });
            })
            .WithName("AmendDecision")
            .WithSummary("Amend the decision (chair): a new event with a reason; the original stays as recorded.");
        api.MapPost("/cases/{id:guid}/decision/retraction", async (Guid id, RetractRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, async (_, state, actor) =>
                {
                    var roles = (await user.MembershipAsync(state.BoardId, ct))?.Roles ?? [];
                    IReadOnlyList<object> events = [DecideRetraction(state, request, roles, actor, clock.GetUtcNow())];
                    return (events, (Func<long, long>)(v => v));
                }, ct);
                return new { version };
            })
            .WithName("RetractDecision")
            .WithSummary("Retract the decision (chair) with a reason; the case returns to discussion.");
    }
}
