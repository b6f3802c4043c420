using System.Globalization;
using Marten;
using Marten.Events.Projections;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Guidelines.Browsing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Decisions.Register;

/// <summary>One row of the decision register across cases (inline projection from the case streams).</summary>
public sealed record DecisionEntry
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public Guid BoardId { get; init; }
    public string Pseudonym { get; init; } = "";
    public PrimarySite? Site { get; init; }
    public Intervention Intervention { get; init; }
    public string Plan { get; init; } = "";
    public Concordance Concordance { get; init; } = new(ConcordanceStatus.Concordant, null, null);
    public string? OpenQuestionId { get; init; }
    public Tally Tally { get; init; } = new(0, 0, 0);
    public int Dissenting { get; init; }
    public bool QuorumOverridden { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public int Amendments { get; init; }
    public bool Retracted { get; init; }
    public int TasksOpen { get; init; }
    public int TasksImplemented { get; init; }
    public int TasksNotImplemented { get; init; }
}

public sealed class DecisionRegisterProjection : MultiStreamProjection<DecisionEntry, Guid>
{
    public DecisionRegisterProjection()
    {
        Identity<DecisionRecorded>(e => e.DecisionId);
        Identity<DecisionAmended>(e => e.DecisionId);
        Identity<DecisionRetracted>(e => e.DecisionId);
        Identity<FollowUpTaskCreated>(e => e.DecisionId);
        Identity<FollowUpTaskClosed>(e => e.DecisionId);
    }

    public static DecisionEntry Create(DecisionRecorded e) => new()
    {
        Id = e.DecisionId, CaseId = e.CaseId, BoardId = e.Decision.BoardId, Pseudonym = e.Decision.Pseudonym, Site = e.Decision.PrimarySite,
        Intervention = e.Decision.Intervention, Plan = e.Decision.Plan, Concordance = e.Decision.Concordance, OpenQuestionId = e.Decision.Concordance.OpenQuestionId,
        Tally = e.Decision.Tally, Dissenting = e.Decision.Dissent.Count, QuorumOverridden = e.Decision.QuorumOverrideReason is not null, DecidedAt = e.At,
    };

    public static DecisionEntry Apply(DecisionAmended e, DecisionEntry d) => d with
    {
        Amendments = d.Amendments + 1,
        Concordance = e.Amendment.Concordance ?? d.Concordance,
        OpenQuestionId = e.Amendment.Concordance is { } c ? c.OpenQuestionId : d.OpenQuestionId,
        Plan = e.Amendment.Plan ?? d.Plan,
    };

    public static DecisionEntry Apply(DecisionRetracted e, DecisionEntry d) => d with { Retracted = true };

    public static DecisionEntry Apply(FollowUpTaskCreated e, DecisionEntry d) => d with { TasksOpen = d.TasksOpen + 1 };

    public static DecisionEntry Apply(FollowUpTaskClosed e, DecisionEntry d) => d with
    {
        TasksOpen = d.TasksOpen - 1,
        TasksImplemented = d.TasksImplemented + (e.Outcome == TaskOutcome.Implemented ? 1 : 0),
        TasksNotImplemented = d.TasksNotImplemented + (e.Outcome == TaskOutcome.NotImplemented ? 1 : 0),
    };
}

/// <summary>An implementation task for the overdue dashboard (inline projection from the case streams).</summary>
public sealed record FollowUpTaskEntry
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public Guid BoardId { get; init; }
    public Guid DecisionId { get; init; }
    public string Description { get; init; } = "";
    public Guid OwnerId { get; init; }
    public string OwnerName { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public TaskOutcome? Outcome { get; init; }
    public NotImplementedReason? Reason { get; init; }
    public bool Open => Outcome is null;
}

public sealed class FollowUpTaskProjection : MultiStreamProjection<FollowUpTaskEntry, Guid>
{
    public FollowUpTaskProjection()
    {
        Identity<FollowUpTaskCreated>(e => e.TaskId);
        Identity<FollowUpTaskClosed>(e => e.TaskId);
    }

    public static FollowUpTaskEntry Create(FollowUpTaskCreated e) => new()
    {
        Id = e.TaskId, CaseId = e.CaseId, BoardId = e.BoardId, DecisionId = e.DecisionId, Description = e.Description, OwnerId = e.OwnerId,
        OwnerName = e.OwnerName, DueDate = e.DueDate,
    };

    public static FollowUpTaskEntry Apply(FollowUpTaskClosed e, FollowUpTaskEntry t) => t with { Outcome = e.Outcome, Reason = e.Reason };
}

/// <summary>An open implementation task as the dashboard shows it: overdue once its due date has passed (UTC).</summary>
public sealed record OpenFollowUpTask(Guid Id, Guid CaseId, Guid BoardId, Guid DecisionId, string Description, Guid OwnerId, string OwnerName, DateOnly DueDate, bool Overdue);

public sealed record DecisionFilter(Guid? BoardId = null, DateOnly? From = null, DateOnly? To = null, PrimarySite? Site = null, ConcordanceStatus? Concordance = null);

public static class DecisionRegisterSlice
{
    public static async Task<IReadOnlyList<DecisionEntry>> QueryAsync(DecisionFilter filter, CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var boards = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        if (filter.BoardId is { } board)
        {
            await user.RequireMemberAsync(board, ct: ct);
            boards = [board];
        }
        var query = session.Query<DecisionEntry>().Where(d => d.BoardId.IsOneOf(boards));
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(d => d.DecidedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(d => d.DecidedAt < end);
        }
        var entries = await query.OrderByDescending(d => d.DecidedAt).Take(1000).ToListAsync(ct);
        return entries
            .Where(d => filter.Site is not { } site || d.Site == site)
            .Where(d => filter.Concordance is not { } c || d.Concordance.Status == c)
            .ToList();
    }

    public static async Task<IReadOnlyList<OpenFollowUpTask>> OpenTasksAsync(CurrentUser user, IQuerySession session, TimeProvider clock, bool overdueOnly, CancellationToken ct)
    {
        var boards = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        var tasks = await session.Query<FollowUpTaskEntry>().Where(t => t.BoardId.IsOneOf(boards)).ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return tasks.Where(t => t.Open)
            .Select(t => new OpenFollowUpTask(t.Id, t.CaseId, t.BoardId, t.DecisionId, t.Description, t.OwnerId, t.OwnerName, t.DueDate, t.DueDate < today))
            .Where(t => !overdueOnly || t.Overdue)
            .OrderBy(t => t.DueDate)
            .ToList();
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/decisions", async (string? boardId, string? from, string? to, string? site, string? concordance, CurrentUser user, IQuerySession session, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                Guid? board = null;
                if (!string.IsNullOrEmpty(boardId))
                {
                    errors.Check(Guid.TryParse(boardId, out var b), "boardId", "Give a board id (a GUID).");
                    board = b;
                }
                var filter = new DecisionFilter(board, Date(from, "from", errors), Date(to, "to", errors),
                    ListGuidelinesSlice.Parse<PrimarySite>(site, "site", errors), ListGuidelinesSlice.Parse<ConcordanceStatus>(concordance, "concordance", errors));
                errors.ThrowIfAny();
                return await QueryAsync(filter, user, session, ct);
            })
            .WithName("ListDecisions")
            .WithSummary("The decision register of the caller's boards; filter by board, period (from/to dates), site and concordance.");
        api.MapGet("/follow-up-tasks", (bool? overdue, CurrentUser user, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
                OpenTasksAsync(user, session, clock, overdue ?? false, ct))
            .WithName("ListOpenFollowUpTasks")
            .WithSummary("Open implementation tasks of the caller's boards, earliest due first, each flagged when overdue (?overdue=true: only those).");
    }

    private static DateOnly? Date(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add(field, "Give a date as yyyy-MM-dd.");
        return null;
    }
}
