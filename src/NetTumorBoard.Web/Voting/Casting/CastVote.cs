using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Voting.Casting;

public sealed record CastVoteRequest(VoteChoice? Choice, string? Comment);

public sealed record TallyResponse(Guid ProposalId, int Support, int Oppose, int Abstain, long Version);

public static class CastVoteSlice
{
    public const int MaxComment = 1000;

    /// <summary>
    /// Pure rule: board members (not observers) vote until the board decides; the latest vote counts, and casting
    /// the same vote again records nothing (a double click or a retry counts once). Votes before the discussion are provisional.
    /// </summary>
    public static VoteCast? Decide(CaseDetails state, Guid proposalId, IReadOnlyCollection<BoardRole> roles, Actor voter, CastVoteRequest request, DateTimeOffset now)
    {
        if (!roles.Any(r => r is BoardRole.Chair or BoardRole.Member or BoardRole.Coordinator))
        {
            throw CommandRejected.Forbidden("Observers follow the vote but do not vote.");
        }
        var proposal = state.Proposals.FirstOrDefault(p => p.Id == proposalId) ?? throw CommandRejected.NotFound("Proposal");
        if (state.Decision is { Retracted: false })
        {
            throw new CommandRejected(RejectionKind.Conflict, "Voting is closed: the board has decided this case.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version });
        }
        if (proposal.Withdrawn)
        {
            throw new CommandRejected(RejectionKind.Conflict, "This proposal was withdrawn.");
        }
        var errors = new FieldErrors();
        errors.Check(request.Choice is not null, "choice", "Vote Support, Oppose or Abstain.");
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        errors.Check((comment?.Length ?? 0) <= MaxComment, "comment", $"Keep the comment under {MaxComment} characters.");
        errors.ThrowIfAny();
        var current = proposal.Votes.FirstOrDefault(v => v.UserId == voter.UserId);
        if (current is not null && current.Choice == request.Choice && current.Comment == comment)
        {
            return null;
        }
        return new VoteCast(state.Id, proposalId, voter.UserId, voter.Name, voter.Discipline, request.Choice!.Value, comment,
            Provisional: state.Status != CaseStatus.InDiscussion, now);
    }

    public static Task<TallyResponse> HandleAsync(Guid caseId, Guid proposalId, CastVoteRequest request, CurrentUser user, IDocumentStore store,
        TimeProvider clock, CancellationToken ct) =>
        CaseWrites.RunAsync(store, user, caseId, requireContributor: false, async (_, state, actor) =>
        {
            var roles = (await user.MembershipAsync(state.BoardId, ct))?.Roles ?? [];
            var vote = Decide(state, proposalId, roles, actor, request, clock.GetUtcNow());
            var votes = state.Proposals.First(p => p.Id == proposalId).Votes.Where(v => v.UserId != actor.UserId).ToList();
            if (vote is not null)
            {
                votes.Add(new VoteView(vote.VoterId, vote.VoterName, vote.Discipline, vote.Choice, vote.Comment, vote.Provisional, vote.At));
            }
            else
            {
                votes = [.. state.Proposals.First(p => p.Id == proposalId).Votes];
            }
            var tally = Tally.Of(votes);
            IReadOnlyList<object> events = vote is null ? [] : [vote];
            return (events, (Func<long, TallyResponse>)(v => new TallyResponse(proposalId, tally.Support, tally.Oppose, tally.Abstain, v)));
        }, ct);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/cases/{id:guid}/proposals/{proposalId:guid}/votes/me", (Guid id, Guid proposalId, CastVoteRequest request, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) => HandleAsync(id, proposalId, request, user, store, clock, ct))
            .WithName("CastVote")
            .WithSummary("Cast or change your vote on a proposal; repeating the same vote changes nothing. Returns the tally.");
}
