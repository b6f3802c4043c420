using Marten;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Lifecycle;

public sealed record ChangeStatusRequest(CaseStatus? Status, string? Reason);

public sealed record ChangeStatusResponse(long Version, CaseStatus Status);

/// <summary>Draft → ReadyForReview → InDiscussion → Decided → FollowUp, with the steps back a board needs.</summary>
public static class ChangeStatusSlice
{
    private enum Who { Contributor, ChairOrCoordinator, Chair }

    private static readonly Dictionary<(CaseStatus From, CaseStatus To), Who> Transitions = new()
    {
        [(CaseStatus.Draft, CaseStatus.ReadyForReview)] = Who.Contributor,
        [(CaseStatus.ReadyForReview, CaseStatus.Draft)] = Who.Contributor,
        [(CaseStatus.ReadyForReview, CaseStatus.InDiscussion)] = Who.ChairOrCoordinator,
        [(CaseStatus.InDiscussion, CaseStatus.ReadyForReview)] = Who.ChairOrCoordinator,
        [(CaseStatus.InDiscussion, CaseStatus.Decided)] = Who.Chair,
        [(CaseStatus.Decided, CaseStatus.FollowUp)] = Who.ChairOrCoordinator,
    };

    public static IEnumerable<CaseStatus> NextFor(CaseStatus from, IReadOnlyCollection<BoardRole> roles) =>
        Transitions.Where(t => t.Key.From == from && Allowed(t.Value, roles)).Select(t => t.Key.To);

    private static bool Allowed(Who who, IReadOnlyCollection<BoardRole> roles) => who switch
    {
        Who.Chair => roles.Contains(BoardRole.Chair),
        Who.ChairOrCoordinator => roles.Contains(BoardRole.Chair) || roles.Contains(BoardRole.Coordinator),
        _ => roles.Any(r => r is BoardRole.Chair or BoardRole.Coordinator or BoardRole.Member),
    };

    /// <summary>Pure rule: the move must be one the board's workflow has, made by a role allowed to make it.</summary>
    public static CaseStatusChanged? Decide(CaseDetails state, ChangeStatusRequest request, IReadOnlyCollection<BoardRole> roles, Actor actor, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Check(request.Status is not null, "status", "Say which status the case moves to.");
        errors.Check((request.Reason?.Length ?? 0) <= 500, "reason", "Use at most 500 characters.");
        errors.ThrowIfAny();
        var to = request.Status!.Value;
        if (to == state.Status)
        {
            return null;
        }
        if (!Transitions.TryGetValue((state.Status, to), out var who))
        {
            var next = string.Join(", ", Transitions.Keys.Where(k => k.From == state.Status).Select(k => k.To.Display()));
            throw new CommandRejected(RejectionKind.Conflict, $"A case in '{state.Status.Display()}' cannot move to '{to.Display()}'. Possible next: {next}.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version, ["caseStatus"] = state.Status });
        }
        if (!Allowed(who, roles))
        {
            throw CommandRejected.Forbidden(who == Who.Chair
                ? "Only the board's chair marks a case as decided."
                : "Only the chair or a coordinator moves a case into and out of discussion.");
        }
        return new CaseStatusChanged(state.Id, state.Status, to, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), actor.UserId, now);
    }

    public static Task<ChangeStatusResponse> HandleAsync(
        Guid caseId, ChangeStatusRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (_, state, actor) =>
        {
            var membership = await user.MembershipAsync(state.BoardId, ct);
            var changed = Decide(state, request, membership?.Roles ?? [], actor, clock.GetUtcNow());
            IReadOnlyList<object> events = changed is null ? [] : [changed];
            return (events, (Func<long, ChangeStatusResponse>)(v => new ChangeStatusResponse(v, changed?.To ?? state.Status)));
        }, ct);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/cases/{id:guid}/status", (Guid id, ChangeStatusRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(id, request, user, store, clock, ct))
            .WithName("ChangeCaseStatus")
            .WithSummary("Move a case along Draft → ReadyForReview → InDiscussion → Decided → FollowUp.");
}
