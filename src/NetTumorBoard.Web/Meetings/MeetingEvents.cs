using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings;

public enum Triage { Discuss, StandardOfCare }

public enum AttendanceMode { InRoom, Remote }

public enum MeetingStatus { Scheduled, Live, Ended }

/// <summary>A case on the agenda: planned minutes, and whether it is discussed or only listed and recorded.</summary>
public sealed record AgendaItem(Guid CaseId, int Minutes, Triage Triage);

// The meeting stream. Events are the audit trail's contract: never rename or re-purpose one; add a new one.

public sealed record MeetingScheduled(Guid MeetingId, Guid BoardId, string Title, DateTimeOffset StartsAt, int DurationMinutes, string? Location,
    string? VideoLink, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record MeetingRescheduled(Guid MeetingId, Guid BoardId, string Title, DateTimeOffset StartsAt, int DurationMinutes, string? Location,
    string? VideoLink, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record AgendaSet(Guid MeetingId, Guid BoardId, IReadOnlyList<AgendaItem> Items, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record MeetingStarted(Guid MeetingId, Guid BoardId, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record CurrentCaseChanged(Guid MeetingId, Guid BoardId, Guid CaseId, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record AttendeeCheckedIn(Guid MeetingId, Guid BoardId, Guid UserId, string Name, Discipline Discipline, AttendanceMode Mode,
    Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record MeetingEnded(Guid MeetingId, Guid BoardId, Guid By, DateTimeOffset At) : IBoardScoped;

public sealed record MinutesRecorded(Guid MeetingId, Guid BoardId, MeetingMinutes Minutes, Guid By, DateTimeOffset At) : IBoardScoped;

/// <summary>The minutes as recorded: everything needed to print them again exactly, without re-reading the cases.</summary>
public sealed record MeetingMinutes(
    string BoardName, string Title, DateTimeOffset StartsAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Location, string? VideoLink,
    IReadOnlyList<MinutesAttendee> Attendees, IReadOnlyList<MinutesItem> Items, DateTimeOffset GeneratedAt, string GeneratedBy);

public sealed record MinutesAttendee(string Name, Discipline Discipline, string Mode);

public sealed record MinutesItem(
    int Position, Guid CaseId, string Pseudonym, string Summary, string? Question, Triage Triage, int PlannedMinutes, double SpentMinutes,
    string? Decision, string? Concordance, string? Tally, IReadOnlyList<string> Dissent, string? Outcome,
    string? WorkUpMissing = null, string? QuorumOverride = null, string? GuidelineBasis = null);
