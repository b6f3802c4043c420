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
    public IReadOnlyList<Intervention> AdditionalInterventions { get; init; } = [];
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
    public DateTimeOffset? PresentedAt { get; init; }

    /// <summary>What the work-up lacked when decided (empty: complete; null: decided before this was recorded).</summary>
    public IReadOnlyList<Cases.Readiness.MissingItem>? WorkUpMissing { get; init; }

    /// <summary>
    /// The recommendations the adopted plan was linked to, as attached when decided, each with its review status
    /// ("Somatostatin analog for … (draft – not verified)"); empty: none was linked; null: projected before this was kept.
    /// </summary>
    public IReadOnlyList<string>? GuidelineBasis { get; init; }

    /// <summary>Days from the case's submission to the board (its creation) to the decision.</summary>
    public double? DaysToDecision => PresentedAt is { } p ? Math.Round((DecidedAt - p).TotalDays, 1) : null;
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
        Intervention = e.Decision.Intervention, AdditionalInterventions = e.Decision.AdditionalInterventions, Plan = e.Decision.Plan, Concordance = e.Decision.Concordance, OpenQuestionId = e.Decision.Concordance.OpenQuestionId,
        Tally = e.Decision.Tally, Dissenting = e.Decision.Dissent.Count, QuorumOverridden = e.Decision.QuorumOverrideReason is not null, DecidedAt = e.At,
        PresentedAt = e.Decision.CasePresentedAt, WorkUpMissing = e.Decision.MissingAtDecision,
        GuidelineBasis = e.Decision.Recommendations.Select(DecisionWords.Basis).ToList(),
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

public sealed record DecisionFilter(Guid? BoardId = null, DateOnly? From = null, DateOnly? To = null, PrimarySite? Site = null, ConcordanceStatus? Concordance = null,
    Intervention? Intervention = null);

/// <summary>The register's figures: counts and rates over the decisions in force (retracted ones excluded).</summary>
public sealed record RegisterStats(int Decisions, double? ConcordantRate, int Deviations, IReadOnlyList<(string Reason, int Count)> DeviationReasons,
    int OpenQuestionDecisions, double? ImplementationRate, double? MedianDaysToDecision, int IncompleteWorkUp = 0, int WorkUpRecorded = 0)
{
    public static RegisterStats Of(IReadOnlyList<DecisionEntry> entries)
    {
        var active = entries.Where(e => !e.Retracted).ToList();
        var closed = active.Sum(e => e.TasksImplemented + e.TasksNotImplemented);
        var days = active.Where(e => e.DaysToDecision is not null).Select(e => e.DaysToDecision!.Value).Order().ToList();
        return new RegisterStats(
            active.Count,
            active.Count == 0 ? null : (double)active.Count(e => e.Concordance.Status == ConcordanceStatus.Concordant) / active.Count,
            active.Count(e => e.Concordance.Status == ConcordanceStatus.Deviation),
            active.Where(e => e.Concordance.Status == ConcordanceStatus.Deviation).GroupBy(e => e.Concordance.Reason ?? "(no reason)")
                .Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(10).ToList(),
            active.Count(e => e.Concordance.Status == ConcordanceStatus.OpenQuestion),
            closed == 0 ? null : (double)active.Sum(e => e.TasksImplemented) / closed,
            days.Count == 0 ? null : days[days.Count / 2],
            active.Count(e => e.WorkUpMissing is { Count: > 0 }),
            active.Count(e => e.WorkUpMissing is not null)); // decisions from before the work-up was kept count in neither
    }
}

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
        if (filter.To is { } to && to < DateOnly.MaxValue) // the last day there is: no upper bound
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(d => d.DecidedAt < end);
        }
        var entries = await query.OrderByDescending(d => d.DecidedAt).Take(1000).ToListAsync(ct);
        return entries
            .Where(d => filter.Site is not { } site || d.Site == site)
            .Where(d => filter.Concordance is not { } c || d.Concordance.Status == c)
            .Where(d => filter.Intervention is not { } i || d.Intervention == i)
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
        api.MapGet("/decisions", async (string? boardId, string? from, string? to, string? site, string? concordance, string? intervention, string? format,
                CurrentUser user, IQuerySession session, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                Guid? board = null;
                if (!string.IsNullOrEmpty(boardId))
                {
                    errors.Check(Guid.TryParse(boardId, out var b), "boardId", "Give a board id (a GUID).");
                    board = b;
                }
                var filter = new DecisionFilter(board, Date(from, "from", errors), Date(to, "to", errors),
                    ListGuidelinesSlice.Parse<PrimarySite>(site, "site", errors), ListGuidelinesSlice.Parse<ConcordanceStatus>(concordance, "concordance", errors),
                    ListGuidelinesSlice.Parse<Intervention>(intervention, "intervention", errors));
                errors.Check(format is null or "json" or "csv", "format", "Ask for json (default) or csv.");
                errors.ThrowIfAny();
                var entries = await QueryAsync(filter, user, session, ct);
                return format == "csv"
                    ? Results.File(System.Text.Encoding.UTF8.GetBytes(Csv(entries)), "text/csv; charset=utf-8", "decision-register.csv")
                    : Results.Ok(entries);
            })
            .WithName("ListDecisions")
            .WithSummary("The decision register of the caller's boards; filter by board, period (from/to dates), site, concordance, intervention; format=csv for a spreadsheet.");
        api.MapGet("/decisions/stats", async (string? boardId, CurrentUser user, IQuerySession session, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                errors.Check(string.IsNullOrEmpty(boardId) || Guid.TryParse(boardId, out _), "boardId", "Give a board id (a GUID).");
                errors.ThrowIfAny();
                Guid? board = Guid.TryParse(boardId, out var b) ? b : null;
                var stats = RegisterStats.Of(await QueryAsync(new DecisionFilter(board), user, session, ct));
                return new
                {
                    stats.Decisions, stats.ConcordantRate, stats.Deviations, deviationReasons = stats.DeviationReasons.Select(r => new { reason = r.Reason, count = r.Count }),
                    stats.OpenQuestionDecisions, stats.ImplementationRate, stats.MedianDaysToDecision, stats.IncompleteWorkUp, stats.WorkUpRecorded,
                };
            })
            .WithName("DecisionStats")
            .WithSummary("Counts and rates over the decisions in force: concordance, deviations by reason, open-question decisions, implementation, days to decision, decisions on an incomplete work-up.");
        api.MapGet("/follow-up-tasks", (bool? overdue, CurrentUser user, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
                OpenTasksAsync(user, session, clock, overdue ?? false, ct))
            .WithName("ListOpenFollowUpTasks")
            .WithSummary("Open implementation tasks of the caller's boards, earliest due first, each flagged when overdue (?overdue=true: only those).");
    }

    /// <summary>RFC 4180 CSV; cells that a spreadsheet would run as formulas are neutralized.</summary>
    public static string Csv(IReadOnlyList<DecisionEntry> entries)
    {
        static string Cell(string? value)
        {
            var text = value ?? "";
            if (text.Length > 0 && "=+-@\t\r".Contains(text[0]))
            {
                text = "'" + text;
            }
            return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
        }
        var csv = new System.Text.StringBuilder("decided_at,case_id,patient,site,intervention,plan,concordance,concordance_reason,open_question,support,oppose,abstain,dissenting,quorum_overridden,amendments,retracted,tasks_open,tasks_implemented,tasks_not_implemented,days_to_decision,work_up_missing,guideline_basis\r\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', [
                e.DecidedAt.ToString("o", CultureInfo.InvariantCulture), e.CaseId.ToString(), Cell(e.Pseudonym), e.Site?.ToString() ?? "", e.Intervention.ToString(), Cell(e.Plan),
                e.Concordance.Status.ToString(), Cell(e.Concordance.Reason), Cell(e.OpenQuestionId), e.Tally.Support.ToString(CultureInfo.InvariantCulture),
                e.Tally.Oppose.ToString(CultureInfo.InvariantCulture), e.Tally.Abstain.ToString(CultureInfo.InvariantCulture), e.Dissenting.ToString(CultureInfo.InvariantCulture),
                e.QuorumOverridden ? "true" : "false", e.Amendments.ToString(CultureInfo.InvariantCulture), e.Retracted ? "true" : "false",
                e.TasksOpen.ToString(CultureInfo.InvariantCulture), e.TasksImplemented.ToString(CultureInfo.InvariantCulture), e.TasksNotImplemented.ToString(CultureInfo.InvariantCulture),
                e.DaysToDecision?.ToString(CultureInfo.InvariantCulture) ?? "",
                e.WorkUpMissing switch { null => "not recorded", [] => "none", var missing => Cell(string.Join(";", missing.Select(m => m.Field))) },
                e.GuidelineBasis switch { null => "", [] => "none linked", var basis => Cell(string.Join("; ", basis)) }]).Append("\r\n");
        }
        return csv.ToString();
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
