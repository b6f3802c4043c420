using JasperFx.Events;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings;

public sealed record CheckIn(Guid UserId, string Name, Discipline Discipline, AttendanceMode Mode, DateTimeOffset At);

/// <summary>
/// A board meeting: the stream's aggregate, kept inline so commands load it in one read and the meeting screens
/// and API show it. Time spent per case accumulates as the current case moves.
/// </summary>
[StreamKind("meeting")]
public sealed record Meeting
{
    public Guid Id { get; init; }
    public Guid BoardId { get; init; }
    public string Title { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public int DurationMinutes { get; init; }
    public string? Location { get; init; }
    public string? VideoLink { get; init; }
    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];
    public MeetingStatus Status { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public Guid? CurrentCaseId { get; init; }
    public DateTimeOffset? CurrentSince { get; init; }
    public IReadOnlyList<CheckIn> CheckIns { get; init; } = [];
    public IReadOnlyDictionary<Guid, double> SecondsPerCase { get; init; } = new Dictionary<Guid, double>();
    public MeetingMinutes? Minutes { get; init; }
    public long Version { get; init; }

    /// <summary>The meeting's version when its agenda last changed (0: never set); an agenda draft names it when saved.</summary>
    public long AgendaVersion { get; init; }

    public AgendaItem? CurrentItem => Agenda.FirstOrDefault(i => i.CaseId == CurrentCaseId);

    public static Meeting Create(IEvent<MeetingScheduled> e) => new()
    {
        Id = e.Data.MeetingId, BoardId = e.Data.BoardId, Title = e.Data.Title, StartsAt = e.Data.StartsAt, DurationMinutes = e.Data.DurationMinutes,
        Location = e.Data.Location, VideoLink = e.Data.VideoLink, Version = e.Version,
    };

    public static Meeting Apply(IEvent<MeetingRescheduled> e, Meeting m) => m with
    {
        Title = e.Data.Title, StartsAt = e.Data.StartsAt, DurationMinutes = e.Data.DurationMinutes, Location = e.Data.Location,
        VideoLink = e.Data.VideoLink, Version = e.Version,
    };

    public static Meeting Apply(IEvent<AgendaSet> e, Meeting m) => m with { Agenda = e.Data.Items, Version = e.Version, AgendaVersion = e.Version };

    public static Meeting Apply(IEvent<MeetingStarted> e, Meeting m) => m with { Status = MeetingStatus.Live, StartedAt = e.Data.At, Version = e.Version };

    public static Meeting Apply(IEvent<CurrentCaseChanged> e, Meeting m) => Close(m, e.Data.At) with
    {
        CurrentCaseId = e.Data.CaseId, CurrentSince = e.Data.At, Version = e.Version,
    };

    public static Meeting Apply(IEvent<AttendeeCheckedIn> e, Meeting m) => m with
    {
        CheckIns = [.. m.CheckIns.Where(c => c.UserId != e.Data.UserId), new CheckIn(e.Data.UserId, e.Data.Name, e.Data.Discipline, e.Data.Mode, e.Data.At)],
        Version = e.Version,
    };

    public static Meeting Apply(IEvent<MeetingEnded> e, Meeting m) => Close(m, e.Data.At) with
    {
        Status = MeetingStatus.Ended, EndedAt = e.Data.At, CurrentCaseId = null, CurrentSince = null, Version = e.Version,
    };

    public static Meeting Apply(IEvent<MinutesRecorded> e, Meeting m) => m with { Minutes = e.Data.Minutes, Version = e.Version };

    // The time on the case being left is added to that case's total.
    private static Meeting Close(Meeting m, DateTimeOffset at)
    {
        if (m.CurrentCaseId is not { } current || m.CurrentSince is not { } since)
        {
            return m;
        }
        var totals = new Dictionary<Guid, double>(m.SecondsPerCase);
        totals[current] = totals.GetValueOrDefault(current) + Math.Max(0, (at - since).TotalSeconds);
        return m with { SecondsPerCase = totals };
    }
}
