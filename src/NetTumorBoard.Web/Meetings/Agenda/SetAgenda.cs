using Marten;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings.Agenda;

public sealed record AgendaItemRequest(Guid? CaseId, int? Minutes, Triage? Triage);

/// <param name="BaseAgendaVersion">
/// Optional: the <c>agendaVersion</c> the new agenda was drafted on. If the agenda changed since, the request is refused
/// (409 with the agenda as it is now) instead of silently replacing someone else's change.
/// </param>
public sealed record SetAgendaRequest(IReadOnlyList<AgendaItemRequest>? Items, long? BaseAgendaVersion = null);

/// <summary>The agenda: cases of this board in order, each with planned minutes and a triage flag.</summary>
public static class SetAgendaSlice
{
    public const int MaxItems = 60;
    public const int MaxMinutes = 60;

    /// <param name="boardOf">The board of each case id the request names that exists.</param>
    public static AgendaSet? Decide(Meeting meeting, SetAgendaRequest request, IReadOnlyDictionary<Guid, Guid> boardOf, IReadOnlyCollection<BoardRole> roles,
        Actor actor, DateTimeOffset now)
    {
        MeetingRoles.RequirePlanner(roles, "sets the agenda");
        if (meeting.Status == MeetingStatus.Ended)
        {
            throw new CommandRejected(RejectionKind.Conflict, "The meeting has ended; its agenda is part of the record.");
        }
        if (request.BaseAgendaVersion is { } drafted && drafted != meeting.AgendaVersion)
        {
            throw new CommandRejected(RejectionKind.Conflict,
                "Someone changed the agenda after you started editing it: keep yours (it replaces theirs) or take theirs.",
                extensions: new Dictionary<string, object?>
                {
                    ["currentVersion"] = meeting.Version,
                    ["agendaVersion"] = meeting.AgendaVersion,
                    ["agenda"] = meeting.Agenda,
                });
        }
        var errors = new FieldErrors();
        if (request.Items is null)
        {
            errors.Add("items", "Give the agenda as a list of items (an empty list clears it).");
            errors.ThrowIfAny();
        }
        var items = request.Items!;
        errors.Check(items.Count <= MaxItems, "items", $"An agenda holds at most {MaxItems} cases.");
        var seen = new Dictionary<Guid, int>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                errors.Add($"items[{i}]", "Give the case, minutes and triage.");
                continue;
            }
            if (item.CaseId is not { } caseId)
            {
                errors.Add($"items[{i}].caseId", "Choose a case.");
            }
            else if (!boardOf.TryGetValue(caseId, out var board) || board != meeting.BoardId)
            {
                errors.Add($"items[{i}].caseId", "This is not a case of this meeting's board.");
            }
            else if (seen.TryGetValue(caseId, out var first))
            {
                errors.Add($"items[{i}].caseId", $"This case is already on the agenda (item {first + 1}).");
            }
            else
            {
                seen[caseId] = i;
            }
            errors.Check(item.Minutes is >= 1 and <= MaxMinutes, $"items[{i}].minutes", $"Plan 1 to {MaxMinutes} minutes.");
            errors.Check(item.Triage is not null, $"items[{i}].triage", "Say whether the case is discussed (Discuss) or only recorded (StandardOfCare).");
        }
        if (meeting.Status == MeetingStatus.Live && meeting.CurrentCaseId is { } current && !seen.ContainsKey(current))
        {
            errors.Add("items", "The case under discussion cannot be taken off the agenda while the meeting is live.");
        }
        errors.ThrowIfAny();
        var agenda = items.Select(i => new AgendaItem(i.CaseId!.Value, i.Minutes!.Value, i.Triage!.Value)).ToList();
        return agenda.SequenceEqual(meeting.Agenda) ? null : new AgendaSet(meeting.Id, meeting.BoardId, agenda, actor.UserId, now);
    }

    public static Task<long> HandleAsync(Guid meetingId, SetAgendaRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, meetingId, async (session, meeting, membership, actor) =>
        {
            var ids = (request.Items ?? []).Where(i => i?.CaseId is not null).Select(i => i.CaseId!.Value).Distinct().ToList();
            var cases = await session.Query<CaseSummary>().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.BoardId }).ToListAsync(ct);
            var decided = Decide(meeting, request, cases.ToDictionary(c => c.Id, c => c.BoardId), membership.Roles, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = decided is null ? [] : [decided];
            return (events, (Func<long, long>)(v => v));
        }, ct);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/meetings/{id:guid}/agenda", async (Guid id, SetAgendaRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                new { version = await HandleAsync(id, request, user, store, clock, ct) })
            .WithName("SetAgenda")
            .WithSummary("Replace the agenda: cases of this board in order, minutes (1–60) and triage (Discuss or StandardOfCare).");
}
