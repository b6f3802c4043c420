using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Meetings.Minutes;

/// <summary>
/// Minutes from the agenda, attendance and the decisions: recorded as a meeting event (so what was printed can
/// always be printed again exactly), then rendered as HTML or PDF on request.
/// </summary>
public static class RecordMinutesSlice
{
    /// <summary>Someone with the meeting open who did not say whether in the room or remote ("online" read as a mode).</summary>
    public const string NotCheckedIn = "in the app, not checked in";

    public static MeetingMinutes Compose(Meeting meeting, string boardName, IReadOnlyDictionary<Guid, CaseDetails> cases, IReadOnlyList<Realtime.Participant> online,
        string author, DateTimeOffset now)
    {
        var attendees = meeting.CheckIns.Select(c => new MinutesAttendee(c.Name, c.Discipline, c.Mode == AttendanceMode.InRoom ? "in the room" : "remote"))
            .Concat(online.Where(o => meeting.CheckIns.All(c => c.UserId != o.UserId)).Select(o => new MinutesAttendee(o.Name, o.Discipline, NotCheckedIn)))
            .OrderBy(a => a.Discipline).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var items = meeting.Agenda.Select((item, i) =>
        {
            var c = cases.GetValueOrDefault(item.CaseId);
            var decision = c?.Decision is { Retracted: false } d ? d : null;
            var record = decision?.Record;
            return new MinutesItem(
                i + 1, item.CaseId, c?.Patient.Pseudonym ?? "(case)",
                c is null ? "" : CaseFormat.SiteAndClassification(c.Tumor.PrimarySite, c.Tumor.Histology, c.Tumor.WhoGrade, c.Tumor.Ki67Percent),
                c?.Question, item.Triage, item.Minutes, Math.Round(meeting.SecondsPerCase.GetValueOrDefault(item.CaseId) / 60, 3),
                record is null ? null : $"{CaseFormat.Plan(record.Intervention, record.AdditionalInterventions, decision!.CurrentPlan)}. Rationale: {decision.CurrentRationale}",
                decision is null ? null : ConcordanceText(decision.CurrentConcordance),
                record is null ? null : Decisions.DecisionWords.Tally(record.Tally),
                record?.Dissent.Select(x => $"{x.Name} ({x.Discipline.Display()}){(x.Comment is null ? "" : $": {x.Comment}")}").ToList() ?? [],
                decision is not null ? null : item.Triage == Triage.StandardOfCare ? "Standard of care; listed and recorded without discussion." : "No decision recorded.",
                record is null ? null : Decisions.DecisionWords.MissingAtDecision(record),
                record is null ? null : Decisions.DecisionWords.QuorumOverride(record),
                record is null ? null : Decisions.DecisionWords.RestsOn(record));
        }).ToList();
        return new MeetingMinutes(boardName, meeting.Title, meeting.StartsAt, meeting.StartedAt, meeting.EndedAt, meeting.Location, meeting.VideoLink,
            attendees, items, now, author);
    }

    public static string ConcordanceText(Concordance c) => Decisions.DecisionWords.Concordance(c);

    public static async Task<MeetingMinutes> PreviewAsync(Meeting meeting, IQuerySession session, PresenceRegistry presence, string author, DateTimeOffset now, CancellationToken ct)
    {
        var board = await session.LoadAsync<Board>(meeting.BoardId, ct);
        var ids = meeting.Agenda.Select(a => a.CaseId).ToList();
        var cases = (await session.Query<CaseDetails>().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).ToDictionary(c => c.Id);
        return Compose(meeting, board?.Name ?? "Tumor board", cases, await presence.ParticipantsAsync(meeting.Id, ct), author, now);
    }

    public static Task<long> HandleAsync(Guid id, CurrentUser user, IDocumentStore store, PresenceRegistry presence, TimeProvider clock, CancellationToken ct) =>
        MeetingWrites.RunAsync(store, user, id, async (session, meeting, membership, actor) =>
        {
            MeetingRoles.RequireRunner(membership.Roles, "records the minutes");
            if (meeting.Status != MeetingStatus.Ended)
            {
                throw new CommandRejected(RejectionKind.Conflict, "Minutes are recorded once the meeting has ended.");
            }
            var minutes = await PreviewAsync(meeting, session, presence, actor.Name, clock.GetUtcNow(), ct);
            IReadOnlyList<object> events = [new MinutesRecorded(meeting.Id, meeting.BoardId, minutes, actor.UserId, clock.GetUtcNow())];
            return (events, (Func<long, long>)(v => v));
        }, ct);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/meetings/{id:guid}/minutes", async (Guid id, CurrentUser user, IDocumentStore store, PresenceRegistry presence, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Created($"/api/meetings/{id}/minutes", new { version = await HandleAsync(id, user, store, presence, clock, ct) }))
            .WithName("RecordMinutes")
            .WithSummary("Record the minutes of an ended meeting (chair or coordinator) from its agenda, attendance and decisions.");
        api.MapGet("/meetings/{id:guid}/minutes", (Guid id, HttpContext http, CurrentUser user, IQuerySession session, PresenceRegistry presence, TimeProvider clock, CancellationToken ct) =>
                MinutesAsync(id, http.Request.Headers.Accept.Any(a => a?.Contains("application/pdf", StringComparison.OrdinalIgnoreCase) == true), user, session, presence, clock, ct))
            .WithName("GetMinutes")
            .WithSummary("The minutes as printable HTML, or PDF with Accept: application/pdf; a marked preview until they are recorded.");
        api.MapGet("/meetings/{id:guid}/minutes.pdf", (Guid id, CurrentUser user, IQuerySession session, PresenceRegistry presence, TimeProvider clock, CancellationToken ct) =>
                MinutesAsync(id, true, user, session, presence, clock, ct))
            .WithName("GetMinutesPdf")
            .WithSummary("The minutes as PDF.");
    }

    private static async Task<IResult> MinutesAsync(Guid id, bool pdf, CurrentUser user, IQuerySession session, PresenceRegistry presence, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await session.LoadAsync<Meeting>(id, ct) ?? throw CommandRejected.NotFound("Meeting");
        await user.RequireReaderAsync(meeting.BoardId, "Meeting", ct);
        var preview = meeting.Minutes is null;
        var minutes = meeting.Minutes ?? await PreviewAsync(meeting, session, presence, (await user.ActorAsync()).Name, clock.GetUtcNow(), ct);
        var name = $"minutes-{minutes.StartsAt:yyyy-MM-dd}";
        return pdf
            ? Results.File(MinutesPdf.Render(minutes, preview), "application/pdf", name + ".pdf")
            : Results.Content(MinutesHtml.Render(minutes, preview), "text/html; charset=utf-8");
    }
}
