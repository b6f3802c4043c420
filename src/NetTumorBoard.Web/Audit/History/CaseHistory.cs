using System.Globalization;
using JasperFx.Events;
using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Audit.History;

public sealed record HistoryActor(Guid UserId, string Name, Discipline? Discipline);

public sealed record TextChange(string Kind, int At, string Text);

public sealed record HistoryDiff(string? Section, IReadOnlyList<TextChange>? Changes, IReadOnlyList<FieldChange>? Fields);

public sealed record HistoryItem(Guid CaseId, long Version, long Sequence, string Type, HistoryActor? Actor, DateTimeOffset At, string Summary, HistoryDiff? Diff);

public sealed record HistoryFilter(IReadOnlyCollection<string>? Types = null, Guid? ActorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    bool Linked = false);

/// <summary>
/// Every event of a case (and, on request, of its linked re-discussions) with who, when, a sentence a person can read,
/// and for edits what changed: section edits as the exact text removed and added, field edits as before → after.
/// </summary>
public static class CaseHistorySlice
{
    public static async Task<IReadOnlyList<HistoryItem>> LoadAsync(Guid caseId, HistoryFilter filter, CurrentUser user, IQuerySession session,
        UserDirectory users, EventRows events, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw CommandRejected.NotFound("Case");
        await user.RequireReaderAsync(details.BoardId, ct: ct);
        var streams = new List<Guid> { caseId };
        if (filter.Linked)
        {
            streams.AddRange(await LinkedAsync(details, session, ct));
        }
        var rows = await events.ReadAsync(streams, filter.From, filter.To, filter.Types, ct);
        var cards = new Dictionary<Guid, UserCard?>();
        var items = new List<HistoryItem>(rows.Count);
        foreach (var e in rows)
        {
            var actorId = ActorOf(e.Data, e.UserName);
            if (filter.ActorId is { } only && actorId != only)
            {
                continue;
            }
            HistoryActor? actor = null;
            if (actorId is { } a)
            {
                if (!cards.TryGetValue(a, out var card))
                {
                    cards[a] = card = await users.FindAsync(a, ct);
                }
                actor = new HistoryActor(a, card?.Name ?? "(former user)", card?.Discipline);
            }
            items.Add(new HistoryItem(e.StreamId, e.Version, e.Sequence, e.ClrName, actor, e.Timestamp, Summarize(e.Data), Diff(e.Data)));
        }
        return items;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo?> ByProperty = new();

    private static async Task<IReadOnlyList<Guid>> LinkedAsync(CaseDetails details, IQuerySession session, CancellationToken ct)
    {
        var linked = new List<Guid>();
        for (var previous = details.PreviousCaseId; previous is { } p && linked.Count < 20; previous = (await session.LoadAsync<CaseDetails>(p, ct))?.PreviousCaseId)
        {
            linked.Add(p);
        }
        var later = await session.Query<CaseDetails>().Where(c => c.PreviousCaseId == details.Id).Select(c => c.Id).ToListAsync(ct);
        linked.AddRange(later);
        return linked;
    }

    private static Guid? ActorOf(object data, string? userName) =>
        data switch
        {
            VoteCast v => v.VoterId,
            CaseReviewed r => r.ReviewerId,
            CaseFollowed f => f.UserId,
            CaseUnfollowed u => u.UserId,
            _ => ByProperty.GetOrAdd(data.GetType(), static t => t.GetProperty("By"))?.GetValue(data) as Guid?
                 ?? (Guid.TryParse(userName, out var id) ? id : null),
        };

    public static string Summarize(object data) => data switch
    {
        CaseCreated c => c.PreviousCaseId is null ? $"Case {c.Patient.Pseudonym} created" : $"Case {c.Patient.Pseudonym} created to discuss the patient again",
        CaseFieldsEdited f => $"Changed {string.Join(", ", f.Changes.Select(c => CaseFields.All.TryGetValue(c.Field, out var field) ? field.Label : c.Field))}",
        SectionEdited s => $"Edited {SectionKeys.Title(s.Section)}",
        CaseStatusChanged s => $"Status {s.From.Display()} → {s.To.Display()}{(s.Reason is null ? "" : $" ({s.Reason})")}",
        RecommendationAttached r => $"Attached {r.Snapshot.Guideline} recommendation \"{r.Snapshot.Title}\" (version {r.Snapshot.Version})",
        RecommendationDetached r => $"Detached recommendation {r.RecommendationId}{(r.Reason is null ? "" : $" ({r.Reason})")}",
        ProposalMade p => $"Proposed {CaseFormat.Plan(p.Intervention, p.AdditionalInterventions, p.Description)}",
        ProposalWithdrawn p => $"Withdrew a proposal{(p.Reason is null ? "" : $" ({p.Reason})")}",
        ProposalLinked p => $"Linked a proposal to the attached recommendation{(p.RecommendationIds.Count == 1 ? "" : "s")} {string.Join(", ", p.RecommendationIds)} (no longer off-guideline)",
        VoteCast v => $"{v.VoterName} {DecisionWords.Voted(v.Choice)}{(v.Provisional ? " (provisional)" : "")}{(v.Comment is null ? "" : $": {v.Comment}")}",
        DecisionRecorded d => $"Decision: {CaseFormat.Plan(d.Decision.Intervention, d.Decision.AdditionalInterventions, d.Decision.Plan)} ({DecisionWords.Concordance(d.Decision.Concordance)}; decided on the case as of version {d.Decision.CaseVersionSeen})"
            + (DecisionWords.MissingAtDecision(d.Decision) is { } missing ? $". Work-up incomplete: {missing}" : ""),
        DecisionAmended a => $"Decision amended: {a.Amendment.Reason}",
        DecisionRetracted r => $"Decision retracted: {r.Reason}",
        FollowUpTaskCreated t => $"Follow-up task for {t.OwnerName}, due {t.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {t.Description}",
        FollowUpTaskClosed t => $"Follow-up task closed: {DecisionWords.Outcome(t.Outcome, t.Reason, t.Note)}",
        ReviewOpened r => $"Opened for review by {string.Join(", ", r.Reviewers.Select(x => x.Name))}, due {r.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        ReviewersAssigned r => $"Reviewers added: {string.Join(", ", r.Reviewers.Select(x => x.Name))}",
        CaseReviewed r => $"{r.Name} marked the case reviewed{(r.Note is null ? "" : $": {r.Note}")}",
        CommentPosted c => $"{(c.ParentId is null ? "Comment" : "Reply")}: {c.Text}",
        CaseFollowed => "Followed the case",
        CaseUnfollowed => "Stopped following the case",
        UnknownEvent u => $"An event of a type this version does not know ({u.Type})",
        _ => data.GetType().Name,
    };

    private static HistoryDiff? Diff(object data) => data switch
    {
        SectionEdited s => new HistoryDiff(s.Section, Changes(s.Delta), null),
        CaseFieldsEdited f => new HistoryDiff(null, null, f.Changes),
        _ => null,
    };

    /// <summary>The removed and added text of a section edit, read straight from its stored delta.</summary>
    public static IReadOnlyList<TextChange> Changes(string delta)
    {
        var changes = new List<TextChange>();
        var position = 0;
        foreach (var op in delta.Split('\t', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (op[0])
            {
                case '=':
                    position += int.Parse(op.AsSpan(1), CultureInfo.InvariantCulture);
                    break;
                case '-':
                    var removed = Uri.UnescapeDataString(op[1..]);
                    changes.Add(new TextChange("removed", position, removed));
                    position += removed.Length;
                    break;
                case '+':
                    changes.Add(new TextChange("added", position, Uri.UnescapeDataString(op[1..])));
                    break;
            }
        }
        return changes;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{id:guid}/history", async (Guid id, string? type, string? actor, string? from, string? to, bool? linked, CurrentUser user,
                IQuerySession session, UserDirectory users, EventRows events, Access.AccessLog access, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                Guid? actorId = null;
                if (!string.IsNullOrEmpty(actor))
                {
                    errors.Check(Guid.TryParse(actor, out var parsed), "actor", "Give the acting user's id (a GUID).");
                    actorId = parsed;
                }
                var filter = new HistoryFilter(type?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), actorId,
                    Time(from, "from", errors), Time(to, "to", errors), linked ?? false);
                errors.ThrowIfAny();
                var items = await LoadAsync(id, filter, user, session, users, events, ct);
                await access.RecordAsync(user, id, Access.AccessKind.History, null, ct);
                return Results.Json(items, HistoryJson.Default.IReadOnlyListHistoryItem);
            })
            .Produces<IReadOnlyList<HistoryItem>>()
            .WithName("CaseHistory")
            .WithSummary("Every event of the case with actor, time, summary and diff; filters type (comma list), actor, from, to; linked=true adds re-discussions.");

    private static DateTimeOffset? Time(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        errors.Add(field, "Give a time in ISO 8601, e.g. 2026-11-26T10:00:00Z.");
        return null;
    }
}

/// <summary>
/// Source-generated serialization of the history (camelCase, string enums, like the rest of the API): a 10,000-event
/// history is a few megabytes of JSON, and the generated writer is what keeps it inside the latency target.
/// </summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<HistoryItem>))]
public sealed partial class HistoryJson : System.Text.Json.Serialization.JsonSerializerContext;
