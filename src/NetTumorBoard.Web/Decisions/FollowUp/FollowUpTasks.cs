using Marten;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions.Finalizing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Decisions.FollowUp;

public sealed record CloseTaskRequest(TaskOutcome? Outcome, NotImplementedReason? Reason, string? Note);

/// <summary>Implementation follow-up: each task ends as Implemented or NotImplemented with a reason.</summary>
public static class FollowUpTasksSlice
{
    public static FollowUpTaskClosed DecideClose(CaseDetails state, Guid taskId, CloseTaskRequest request, Actor actor, DateTimeOffset now)
    {
        var task = state.FollowUpTasks.FirstOrDefault(t => t.Id == taskId) ?? throw CommandRejected.NotFound("Task");
        if (!task.Open)
        {
            throw new CommandRejected(RejectionKind.Conflict, $"This task was already closed ({DecisionWords.Outcome(task.Outcome!.Value, task.Reason, task.Note)}).");
        }
        var errors = new FieldErrors();
        errors.Check(request.Outcome is not null, "outcome", "Say whether it was implemented.");
        errors.Check(request.Outcome != TaskOutcome.NotImplemented || request.Reason is not null, "reason", "Say why it was not implemented.");
        errors.Check(request.Reason != NotImplementedReason.Other || !string.IsNullOrWhiteSpace(request.Note), "note", "Describe the other reason.");
        errors.Check(request.Note is not { Length: > 2_000 }, "note", "Keep the note under 2,000 characters.");
        errors.ThrowIfAny();
        return new FollowUpTaskClosed(state.Id, taskId, task.DecisionId, request.Outcome!.Value, request.Outcome == TaskOutcome.NotImplemented ? request.Reason : null,
            request.Note?.Trim(), actor.UserId, now);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/follow-up-tasks", async (Guid id, FollowUpTaskRequest request, CurrentUser user, IDocumentStore store,
                IDbContextFactory<IdentityDb> identityDb, TimeProvider clock, CancellationToken ct) =>
            {
                var taskId = Guid.CreateVersion7();
                var version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, async (_, state, actor) =>
                {
                    var decision = state.Decision is { Retracted: false } d ? d : throw new CommandRejected(RejectionKind.Conflict, "Follow-up tasks belong to a decision; there is none in force.");
                    var members = (await BoardMembers.OfAsync(identityDb, [state.BoardId], ct)).Select(m => m.Member).ToList();
                    var errors = new FieldErrors();
                    errors.Check(request.Description?.Trim().Length is > 0 and <= 500, "description", "Describe the task (at most 500 characters).");
                    errors.Check(request.OwnerId is { } owner && members.Any(m => m.UserId == owner), "ownerId", "Choose a member of this board as owner.");
                    errors.Check(request.DueDate is { } due && due >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "dueDate", "Give a due date from today on.");
                    errors.ThrowIfAny();
                    IReadOnlyList<object> events = [new FollowUpTaskCreated(id, state.BoardId, taskId, decision.Id, request.Description!.Trim(), request.OwnerId!.Value,
                        members.First(m => m.UserId == request.OwnerId).Name, request.DueDate!.Value, actor.UserId, clock.GetUtcNow())];
                    return (events, (Func<long, long>)(v => v));
                }, ct);
                return TypedResults.Created($"/api/cases/{id}", new { taskId, version });
            })
            .WithName("CreateFollowUpTask")
            .WithSummary("Add an implementation task (owner, due date) to the case's decision.");
        api.MapPost("/cases/{id:guid}/follow-up-tasks/{taskId:guid}/completion", async (Guid id, Guid taskId, CloseTaskRequest request, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var version = await CaseWrites.RunAsync(store, user, id, requireContributor: true, (_, state, actor) =>
                {
                    IReadOnlyList<object> events = [DecideClose(state, taskId, request, actor, clock.GetUtcNow())];
                    return Task.FromResult((events, (Func<long, long>)(v => v)));
                }, ct);
                return new { version };
            })
            .WithName("CloseFollowUpTask")
            .WithSummary("Close a follow-up task as Implemented, or NotImplemented with a reason.");
    }
}
