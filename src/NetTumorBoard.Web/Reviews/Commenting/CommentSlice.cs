using System.Text.RegularExpressions;
using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Reviews.Opening;

namespace NetTumorBoard.Web.Reviews.Commenting;

public sealed record PostCommentRequest(string? Text, Guid? ParentId);

public sealed record CommentCreated(Guid CommentId, long Version, IReadOnlyList<Mention> Mentions);

/// <summary>Threaded comments on a case with @mentions of board members (by handle, e.g. @pathologist); following a case.</summary>
public static partial class CommentSlice
{
    public const int MaxLength = 4_000;

    [GeneratedRegex(@"(?<![\w.])@([A-Za-z0-9._-]+[A-Za-z0-9_-])")]
    private static partial Regex MentionPattern();

    public static IReadOnlyList<string> Handles(string text) =>
        MentionPattern().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();

    public static CommentPosted Decide(CaseDetails state, PostCommentRequest request, IReadOnlyList<BoardMemberView> members, Guid commentId, Actor actor, DateTimeOffset now)
    {
        var text = request.Text?.Trim() ?? "";
        var errors = new FieldErrors();
        errors.Check(text.Length > 0, "text", "Write the comment.");
        errors.Check(text.Length <= MaxLength, "text", $"Keep a comment to {MaxLength} characters.");
        errors.Check(request.ParentId is null || state.Comments.Any(c => c.Id == request.ParentId), "parentId", "Reply to a comment of this case.");
        var mentions = new List<Mention>();
        foreach (var handle in Handles(text))
        {
            var member = members.FirstOrDefault(m => string.Equals(m.Handle, handle, StringComparison.OrdinalIgnoreCase));
            if (member is null)
            {
                errors.Add("text", $"@{handle} is not a member of this board. Members: {string.Join(", ", members.Select(m => "@" + m.Handle))}.");
            }
            else
            {
                mentions.Add(new Mention(member.UserId, member.Name));
            }
        }
        errors.ThrowIfAny();
        return new CommentPosted(state.Id, commentId, request.ParentId, text, mentions, actor.UserId, actor.Name, actor.Discipline, now);
    }

    public static async Task<CommentCreated> HandleAsync(Guid caseId, PostCommentRequest request, CurrentUser user, IDocumentStore store,
        IDbContextFactory<IdentityDb> identityDb, TimeProvider clock, CancellationToken ct)
    {
        var commentId = Guid.CreateVersion7();
        return await CaseWrites.RunAsync(store, user, caseId, requireContributor: true, async (_, state, actor) =>
        {
            var posted = Decide(state, request, await ReviewSlice.MembersAsync(identityDb, state.BoardId, ct), commentId, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = [posted];
            return (events, (Func<long, CommentCreated>)(v => new CommentCreated(commentId, v, posted.Mentions)));
        }, ct);
    }

    public static Task<long> FollowAsync(Guid caseId, bool follow, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        CaseWrites.RunAsync(store, user, caseId, requireContributor: false, (_, state, actor) =>
        {
            var following = state.Followers.Contains(actor.UserId);
            IReadOnlyList<object> events = following == follow ? []
                : follow ? [new CaseFollowed(caseId, actor.UserId, clock.GetUtcNow())] : [new CaseUnfollowed(caseId, actor.UserId, clock.GetUtcNow())];
            return Task.FromResult((events, (Func<long, long>)(v => v)));
        }, ct);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/comments", async (Guid id, PostCommentRequest request, CurrentUser user, IDocumentStore store,
                IDbContextFactory<IdentityDb> identityDb, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(id, request, user, store, identityDb, clock, ct);
                return TypedResults.Created($"/api/cases/{id}", created);
            })
            .WithName("PostComment")
            .WithSummary("Comment on the case (or reply with parentId); @handle mentions a board member, who is notified.");
        api.MapPut("/cases/{id:guid}/follow", async (Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await FollowAsync(id, true, user, store, clock, ct), following = true })
            .WithName("FollowCase")
            .WithSummary("Follow the case: be notified of its decision.");
        api.MapDelete("/cases/{id:guid}/follow", async (Guid id, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await FollowAsync(id, false, user, store, clock, ct), following = false })
            .WithName("UnfollowCase")
            .WithSummary("Stop following the case.");
    }
}
