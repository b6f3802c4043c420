using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Reviews.Opening;

public sealed record OpenReviewRequest(DateOnly? DueDate, IReadOnlyList<Guid>? ReviewerIds);

public sealed record AssignReviewersRequest(IReadOnlyList<Guid>? ReviewerIds);

public sealed record MarkReviewedRequest(string? Note);

/// <summary>Opening a case for review before the meeting, assigning reviewers, and a reviewer marking it reviewed.</summary>
public static class ReviewSlice
{
    public const int MaxNote = 2_000;

    public static ReviewOpened DecideOpen(CaseDetails state, OpenReviewRequest request, IReadOnlyList<BoardMemberView> members, Actor actor, DateOnly today, DateTimeOffset now)
    {
        if (state.Review is not null)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The case is already open for review; add reviewers instead.");
        }
        if (state.Status is CaseStatus.Decided or CaseStatus.FollowUp)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The case has been decided; discuss the patient again to review anew.");
        }
        var errors = new FieldErrors();
        errors.Check(request.DueDate is { } due && due >= today, "dueDate", "Give a due date from today on.");
        var reviewers = Reviewers(request.ReviewerIds, members, errors);
        errors.ThrowIfAny();
        return new ReviewOpened(state.Id, request.DueDate!.Value, reviewers, actor.UserId, now);
    }

    public static ReviewersAssigned? DecideAssign(CaseDetails state, AssignReviewersRequest request, IReadOnlyList<BoardMemberView> members, Actor actor, DateTimeOffset now)
    {
        var review = state.Review ?? throw new CommandRejected(RejectionKind.Conflict, "Open the case for review first.");
        var errors = new FieldErrors();
        var reviewers = Reviewers(request.ReviewerIds, members, errors);
        errors.ThrowIfAny();
        var added = reviewers.Where(r => review.Reviewers.All(x => x.UserId != r.UserId)).ToList();
        return added.Count == 0 ? null : new ReviewersAssigned(state.Id, added, actor.UserId, now);
    }

    public static CaseReviewed? DecideReviewed(CaseDetails state, MarkReviewedRequest request, Actor actor, DateTimeOffset now)
    {
        var review = state.Review ?? throw new CommandRejected(RejectionKind.Conflict, "The case is not open for review.");
        var mine = review.Reviewers.FirstOrDefault(r => r.UserId == actor.UserId)
            ?? throw CommandRejected.Forbidden("Only an assigned reviewer marks the case reviewed.");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var errors = new FieldErrors();
        errors.Check(note is null || note.Length <= MaxNote, "note", $"Keep the note to {MaxNote} characters.");
        errors.ThrowIfAny();
        return mine.Reviewed && mine.Note == note ? null : new CaseReviewed(state.Id, actor.UserId, actor.Name, note, now);
    }

    private static List<Reviewer> Reviewers(IReadOnlyList<Guid>? ids, IReadOnlyList<BoardMemberView> members, FieldErrors errors)
    {
        if (ids is not { Count: > 0 })
        {
            errors.Add("reviewerIds", "Choose at least one reviewer.");
            return [];
        }
        var reviewers = new List<Reviewer>();
        errors.Check(ids.Count <= 50, "reviewerIds", "Choose at most 50 reviewers.");
        // Positions as sent (a repeated id is one reviewer, but an error names the place it was sent at).
        var seen = new HashSet<Guid>();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(x => seen.Add(x.id)).Take(50))
        {
            var member = members.FirstOrDefault(m => m.UserId == id);
            if (member is null || !member.Roles.Any(r => r is BoardRole.Chair or BoardRole.Coordinator or BoardRole.Member))
            {
                errors.Add($"reviewerIds[{i}]", "Choose a member of this board who can contribute (not an observer).");
                continue;
            }
            reviewers.Add(new Reviewer(member.UserId, member.Name, member.Discipline));
        }
        return reviewers;
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/review", async (Guid id, OpenReviewRequest request, CurrentUser user, IDocumentStore store, IDbContextFactory<IdentityDb> identityDb,
                TimeProvider clock, CancellationToken ct) =>
            {
                var version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, async (_, state, actor) =>
                {
                    var members = await MembersAsync(identityDb, state.BoardId, ct);
                    var now = clock.GetUtcNow();
                    IReadOnlyList<object> events = [DecideOpen(state, request, members, actor, DateOnly.FromDateTime(now.UtcDateTime), now)];
                    return (events, (Func<long, long>)(v => v));
                }, ct);
                return TypedResults.Created($"/api/cases/{id}", new { version });
            })
            .WithName("OpenReview")
            .WithSummary("Open the case for review before the meeting: reviewers (board members) and a due date.");
        api.MapPost("/cases/{id:guid}/review/reviewers", async (Guid id, AssignReviewersRequest request, CurrentUser user, IDocumentStore store,
                IDbContextFactory<IdentityDb> identityDb, TimeProvider clock, CancellationToken ct) =>
                new
                {
                    version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, async (_, state, actor) =>
                    {
                        var assigned = DecideAssign(state, request, await MembersAsync(identityDb, state.BoardId, ct), actor, clock.GetUtcNow());
                        IReadOnlyList<object> events = assigned is null ? [] : [assigned];
                        return (events, (Func<long, long>)(v => v));
                    }, ct),
                })
            .WithName("AssignReviewers")
            .WithSummary("Add reviewers to a case open for review.");
        api.MapPost("/cases/{id:guid}/review/done", async (Guid id, MarkReviewedRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new
                {
                    version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, (_, state, actor) =>
                    {
                        var reviewed = DecideReviewed(state, request, actor, clock.GetUtcNow());
                        IReadOnlyList<object> events = reviewed is null ? [] : [reviewed];
                        return Task.FromResult((events, (Func<long, long>)(v => v)));
                    }, ct),
                })
            .WithName("MarkReviewed")
            .WithSummary("An assigned reviewer marks the case reviewed, with an optional note.");
    }

    public static async Task<IReadOnlyList<BoardMemberView>> MembersAsync(IDbContextFactory<IdentityDb> identityDb, Guid boardId, CancellationToken ct) =>
        (await BoardMembers.OfAsync(identityDb, [boardId], ct)).Select(m => m.Member).ToList();
}
