using System.Globalization;
using System.Text;
using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings.Scheduling;

/// <summary>The meeting as an iCalendar event (RFC 5545) for Outlook, Thunderbird and phone calendars.</summary>
public static class MeetingCalendar
{
    public static string ToIcs(Meeting meeting, string boardName, IReadOnlyList<string> agenda, DateTimeOffset now, string? meetingUrl)
    {
        var description = new StringBuilder($"{boardName}.");
        if (agenda.Count > 0)
        {
            description.Append(agenda.Count == 1 ? " 1 case: " : $" {agenda.Count} cases: ").AppendJoin(", ", agenda).Append('.');
        }
        if (meeting.VideoLink is { } link)
        {
            description.Append($" Video: {link}");
        }
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//NetTumorBoard//Meetings//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{meeting.Id}@nettumorboard",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(meeting.StartsAt)}",
            $"DTEND:{Utc(meeting.StartsAt.AddMinutes(meeting.DurationMinutes))}",
            $"SEQUENCE:{meeting.Version}",
            $"SUMMARY:{Escape(meeting.Title)}",
            $"DESCRIPTION:{Escape(description.ToString())}",
        };
        if (meeting.Location is { } location)
        {
            lines.Add($"LOCATION:{Escape(location)}");
        }
        if (meetingUrl is not null)
        {
            lines.Add($"URL:{meetingUrl}");
        }
        lines.Add("STATUS:CONFIRMED");
        lines.AddRange(["END:VEVENT", "END:VCALENDAR"]);
        return string.Concat(lines.SelectMany(Fold).Select(l => l + "\r\n"));
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    // Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 sequence.
    private static IEnumerable<string> Fold(string line)
    {
        var bytes = 0;
        var current = new StringBuilder();
        var first = true;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (bytes + size > (first ? 75 : 74))
            {
                yield return (first ? "" : " ") + current;
                current.Clear();
                bytes = 0;
                first = false;
            }
            current.Append(rune.ToString());
            bytes += size;
        }
        yield return (first ? "" : " ") + current;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/meetings/{id:guid}.ics", async (Guid id, HttpContext http, CurrentUser user, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var meeting = await session.LoadAsync<Meeting>(id, ct) ?? throw CommandRejected.NotFound("Meeting");
                await user.RequireReaderAsync(meeting.BoardId, "Meeting", ct);
                var board = await session.LoadAsync<Board>(meeting.BoardId, ct);
                var ids = meeting.Agenda.Select(a => a.CaseId).ToList();
                var names = (await session.Query<CaseSummary>().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).ToDictionary(c => c.Id, c => c.Pseudonym);
                var url = $"{http.Request.Scheme}://{http.Request.Host}/meetings/{id}";
                var ics = ToIcs(meeting, board?.Name ?? "Tumor board", meeting.Agenda.Select(a => names.GetValueOrDefault(a.CaseId, "case")).ToList(), clock.GetUtcNow(), url);
                return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"meeting-{meeting.StartsAt:yyyy-MM-dd}.ics");
            })
            .WithName("MeetingCalendar")
            .WithSummary("The meeting as an iCalendar (.ics) file.");
}
