using NetTumorBoard.Web.Guidelines;
using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Decisions.Finalizing;

public sealed record ConcordanceRequest(ConcordanceStatus? Status, string? Reason, string? OpenQuestionId);

public sealed record FollowUpTaskRequest(string? Description, Guid? OwnerId, DateOnly? DueDate);

public sealed record FinalizeRequest(
    Guid? ProposalId, string? Rationale, ConcordanceRequest? Concordance, string? QuorumOverrideReason, IReadOnlyList<FollowUpTaskRequest>? FollowUpTasks);

public sealed record DecisionCreatedResponse(Guid DecisionId, long Version, bool QuorumMet);

public static class FinalizeDecisionSlice
{
    public const int MaxTasks = 20;

    /// <summary>
    /// Pure rule: the chair finalizes one proposal, once. The quorum must be met — or the chair overrides with a
    /// recorded reason. Concordance is stated (a deviation needs its reason, an open question its id). Everything
    /// the board saw is frozen into the record — with what the case's work-up was missing at that moment, and the
    /// title of the open question it answers (<paramref name="openQuestionTitles"/>: the library's, by id).
    /// </summary>
    public static IReadOnlyList<object> Decide(
        CaseDetails state, Board board, FinalizeRequest request, IReadOnlyCollection<BoardRole> roles, IReadOnlyList<Participant> present,
        IReadOnlyList<BoardMemberView> members, Guid decisionId, Actor actor, DateTimeOffset now,
        ReadinessOptions? readiness = null, IReadOnlyDictionary<string, string>? openQuestionTitles = null)
    {
        if (!roles.Contains(BoardRole.Chair))
        {
            throw CommandRejected.Forbidden("Only the board's chair finalizes a decision.");
        }
        if (state.Decision is { Retracted: false } existing)
        {
            throw new CommandRejected(RejectionKind.Conflict, "This case already has a decision; amend it instead.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version, ["decisionId"] = existing.Id });
        }
        var errors = new FieldErrors();
        var proposal = request.ProposalId is { } pid ? state.Proposals.FirstOrDefault(p => p.Id == pid) : null;
        errors.Check(proposal is not null, "proposalId", "Choose one of the case's proposals.");
        errors.Check(proposal is not { Withdrawn: true }, "proposalId", "That proposal was withdrawn.");
        var rationale = request.Rationale?.Trim() ?? "";
        errors.Check(rationale.Length is > 0 and <= 4000, "rationale", "State the rationale (at most 4,000 characters).");
        var concordance = request.Concordance;
        errors.Check(concordance?.Status is not null, "concordance.status", "Say whether the plan follows the guidelines (Concordant, Deviation, OpenQuestion).");
        var openQuestion = concordance?.OpenQuestionId?.Trim() is { Length: > 0 } q ? q
            : state.AttachedRecommendations.Where(a => proposal?.RecommendationIds.Contains(a.RecommendationId) == true).Select(a => a.OpenQuestionId).FirstOrDefault(x => x is not null);
        errors.Check(concordance?.Reason is not { Length: > 2_000 }, "concordance.reason", "Keep the reason under 2,000 characters.");
        errors.Check(request.QuorumOverrideReason is not { Length: > 2_000 }, "quorumOverrideReason", "Keep the reason under 2,000 characters.");
        if (concordance?.Status == ConcordanceStatus.Deviation)
        {
            errors.Check(!string.IsNullOrWhiteSpace(concordance.Reason), "concordance.reason", "A deviation from the guidelines needs its reason.");
        }
        if (concordance?.Status == ConcordanceStatus.OpenQuestion)
        {
            errors.Check(openQuestion is not null, "concordance.openQuestionId", "Name the open question this decision answers.");
        }
        var tasks = request.FollowUpTasks ?? [];
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        errors.Check(tasks.Count <= MaxTasks, "followUpTasks", $"At most {MaxTasks} follow-up tasks with one decision.");
        for (var i = 0; i < Math.Min(tasks.Count, MaxTasks); i++)
        {
            if (tasks[i] is null)
            {
                errors.Add($"followUpTasks[{i}]", "Describe the task, its owner and its due date (an empty entry was sent).");
                continue;
            }
            errors.Check(tasks[i].Description?.Trim().Length is > 0 and <= 500, $"followUpTasks[{i}].description", "Describe the task (at most 500 characters).");
            errors.Check(tasks[i].OwnerId is { } owner && members.Any(m => m.UserId == owner), $"followUpTasks[{i}].ownerId", "Choose a member of this board as owner.");
            errors.Check(tasks[i].DueDate is { } due && due >= today, $"followUpTasks[{i}].dueDate", "Give a due date from today on.");
        }
        errors.ThrowIfAny("The decision has invalid fields.");

        var votes = proposal!.Votes;
        var quorum = Quorum.Evaluate(board, votes);
        var overrideReason = string.IsNullOrWhiteSpace(request.QuorumOverrideReason) ? null : request.QuorumOverrideReason.Trim();
        if (!quorum.Met && overrideReason is null)
        {
            throw new CommandRejected(RejectionKind.Conflict, $"The quorum is not met: {string.Join("; ", quorum.Missing)}. The chair can override with a reason.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version, ["quorum"] = quorum });
        }

        var attendees = present.Concat(votes.Select(v => new Participant(v.UserId, v.Name, v.Discipline)))
            .GroupBy(p => p.UserId).Select(g => g.First()).OrderBy(p => p.Discipline).ThenBy(p => p.Name).ToList();
        var record = new DecisionRecord
        {
            BoardId = state.BoardId,
            Pseudonym = state.Patient.Pseudonym,
            PrimarySite = state.Tumor.PrimarySite,
            ProposalId = proposal.Id,
            Intervention = proposal.Intervention,
            AdditionalInterventions = proposal.AdditionalInterventions,
            Plan = proposal.Description,
            Rationale = rationale,
            Concordance = Recorded(concordance!.Status!.Value, concordance.Reason,
                concordance.Status == ConcordanceStatus.OpenQuestion ? openQuestion : concordance.OpenQuestionId, openQuestionTitles),
            Votes = votes,
            Tally = proposal.Tally,
            Dissent = votes.Where(v => v.Choice == VoteChoice.Oppose).Select(v => new Dissent(v.UserId, v.Name, v.Discipline, v.Comment)).ToList(),
            Attendees = attendees,
            CaseVersionSeen = state.Version,
            Recommendations = state.AttachedRecommendations.Where(a => proposal.RecommendationIds.Contains(a.RecommendationId)).ToList(),
            QuorumMet = quorum.Met,
            QuorumMissing = quorum.Missing,
            QuorumOverrideReason = quorum.Met ? null : overrideReason,
            DecidedBy = actor.UserId,
            DecidedAt = now,
            CasePresentedAt = state.CreatedAt,
            MissingAtDecision = ReadinessCheck.Evaluate(state.Content, today, readiness ?? new ReadinessOptions()).Missing,
        };
        var events = new List<object> { new DecisionRecorded(state.Id, decisionId, record, actor.UserId, now) };
        events.AddRange(tasks.Select(t => new FollowUpTaskCreated(state.Id, state.BoardId, Guid.CreateVersion7(), decisionId, t.Description!.Trim(), t.OwnerId!.Value,
            members.First(m => m.UserId == t.OwnerId).Name, t.DueDate!.Value, actor.UserId, now)));
        return events;
    }

    /// <summary>The concordance as recorded: a blank reason dropped, the open question's title beside its id.</summary>
    internal static Concordance Recorded(ConcordanceStatus status, string? reason, string? openQuestionId, IReadOnlyDictionary<string, string>? titles)
    {
        var id = openQuestionId?.Trim() is { Length: > 0 } q ? q : null;
        return new Concordance(status, reason?.Trim() is { Length: > 0 } r ? r : null, id,
            id is not null && titles?.TryGetValue(id, out var title) == true ? title : null);
    }

    public static async Task<DecisionCreatedResponse> HandleAsync(Guid caseId, FinalizeRequest request, CurrentUser user, IDocumentStore store,
        IDbContextFactory<IdentityDb> identityDb, PresenceRegistry presence, GuidelineCatalog catalog, ReadinessOptions readiness, TimeProvider clock, CancellationToken ct)
    {
        var decisionId = Guid.CreateVersion7();
        return await CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (session, state, actor) =>
        {
            await OpenQuestionCheck.RequireKnownAsync(request.Concordance, catalog, ct); // after access: a non-member learns nothing
            var board = await session.LoadAsync<Board>(state.BoardId, ct) ?? throw CommandRejected.NotFound("Board");
            var roles = (await user.MembershipAsync(state.BoardId, ct))?.Roles ?? [];
            var members = (await BoardMembers.OfAsync(identityDb, [state.BoardId], ct)).Select(m => m.Member).ToList();
            // Present: on the case now and still a member of the board (someone removed may linger in presence briefly).
            var present = (await presence.ParticipantsAsync(caseId, ct)).Where(p => members.Any(m => m.UserId == p.UserId))
                .Select(p => new Participant(p.UserId, p.Name, p.Discipline)).ToList();
            var events = Decide(state, board, request, roles, present, members, decisionId, actor, clock.GetUtcNow(), readiness,
                await OpenQuestionCheck.TitlesAsync(catalog, ct));
            var quorumMet = ((DecisionRecorded)events[0]).Decision.QuorumMet;
            return (events, (Func<long, DecisionCreatedResponse>)(v => new DecisionCreatedResponse(decisionId, v, quorumMet)));
        }, ct);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/decision", async (Guid id, FinalizeRequest request, CurrentUser user, IDocumentStore store,
                IDbContextFactory<IdentityDb> identityDb, PresenceRegistry presence, GuidelineCatalog catalog,
                Microsoft.Extensions.Options.IOptions<ReadinessOptions> readiness, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(id, request, user, store, identityDb, presence, catalog, readiness.Value, clock, ct);
                return TypedResults.Created($"/api/cases/{id}", created);
            })
            .WithName("FinalizeDecision")
            .WithSummary("The chair records the board's decision on one proposal (409 when quorum is unmet without override, or a decision exists).");
        api.MapGet("/cases/{id:guid}/quorum", async (Guid id, Guid? proposalId, CurrentUser user, IQuerySession session, CancellationToken ct) =>
            {
                var details = await Cases.Viewing.ViewCaseSlice.LoadAsync(id, user, session, ct);
                var board = await session.LoadAsync<Board>(details.BoardId, ct) ?? throw CommandRejected.NotFound("Board");
                var proposal = proposalId is { } p ? details.Proposals.FirstOrDefault(x => x.Id == p) ?? throw CommandRejected.NotFound("Proposal") : null;
                return Quorum.Evaluate(board, proposal?.Votes ?? []);
            })
            .WithName("GetQuorum")
            .WithSummary("Whether the board's quorum is met by the votes on a proposal, by discipline group.");
    }
}
