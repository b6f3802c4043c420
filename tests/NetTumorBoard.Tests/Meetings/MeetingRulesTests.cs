using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Meetings;
using NetTumorBoard.Web.Meetings.Agenda;
using NetTumorBoard.Web.Meetings.Attendance;
using NetTumorBoard.Web.Meetings.Live;
using NetTumorBoard.Web.Meetings.Scheduling;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Meetings;

/// <summary>The pure rules of scheduling, agendas, running a meeting and attendance, without a database.</summary>
public sealed class MeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
    private static readonly Board NetBoard = new(Guid.NewGuid(), "NET Tumor Board", Board.NetBoardDisciplines, 6, Now);
    private static readonly Guid OtherBoard = Guid.NewGuid();
    private static readonly Actor Chair = new(Guid.NewGuid(), "Dr. Chair", Discipline.MedicalOncology);
    private static readonly Actor Surgeon = new(Guid.NewGuid(), "Dr. Surgeon", Discipline.Surgery);
    private static readonly BoardRole[] ChairRoles = [BoardRole.Chair];
    private static readonly BoardRole[] MemberRoles = [BoardRole.Member];
    private static readonly BoardRole[] CoordinatorRoles = [BoardRole.Coordinator];
    private static readonly Guid CaseA = Guid.NewGuid(), CaseB = Guid.NewGuid(), CaseC = Guid.NewGuid(), Foreign = Guid.NewGuid();

    private static readonly Dictionary<Guid, Guid> BoardOf = new() { [CaseA] = NetBoard.Id, [CaseB] = NetBoard.Id, [CaseC] = NetBoard.Id, [Foreign] = OtherBoard };

    private static Meeting Scheduled() => new()
    {
        Id = Guid.NewGuid(), BoardId = NetBoard.Id, Title = "NET board", StartsAt = Now.AddDays(1), DurationMinutes = 60, Version = 1,
    };

    private static Meeting WithAgenda(Meeting m, params AgendaItem[] items) => m with { Agenda = items };

    private static AgendaItemRequest Item(Guid? caseId, int? minutes = 5, Triage? triage = Triage.Discuss) => new(caseId, minutes, triage);

    [Fact]
    public void Only_a_coordinator_schedules_and_bad_details_are_named()
    {
        var ok = ScheduleMeetingSlice.Decide(Guid.NewGuid(), NetBoard, new ScheduleMeetingRequest(null, Now.AddDays(7), 90, " Room 4.12 ", "https://meet.example.org/net"),
            [BoardRole.Coordinator], Chair, Now);
        Assert.Equal("NET Tumor Board meeting", ok.Title);
        Assert.Equal("Room 4.12", ok.Location);

        var forbidden = Assert.Throws<CommandRejected>(() => ScheduleMeetingSlice.Decide(Guid.NewGuid(), NetBoard,
            new ScheduleMeetingRequest(null, Now.AddDays(7), 90, null, null), MemberRoles, Surgeon, Now));
        Assert.Equal(RejectionKind.Forbidden, forbidden.Kind);
        // The chair runs the meeting but does not plan it (issue 8: only coordinators manage the agenda).
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() => ScheduleMeetingSlice.Decide(Guid.NewGuid(), NetBoard,
            new ScheduleMeetingRequest(null, Now.AddDays(7), 90, null, null), ChairRoles, Chair, Now)).Kind);
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            SetAgendaSlice.Decide(Scheduled(), new SetAgendaRequest([Item(CaseA)]), BoardOf, ChairRoles, Chair, Now)).Kind);

        var bad = Assert.Throws<CommandRejected>(() => ScheduleMeetingSlice.Decide(Guid.NewGuid(), NetBoard,
            new ScheduleMeetingRequest(new string('x', 121), null, 5, null, "javascript:alert(1)"), CoordinatorRoles, Chair, Now));
        Assert.Equal(["durationMinutes", "startsAt", "title", "videoLink"], bad.Errors.Keys.Order());
    }

    [Fact]
    public void An_agenda_refuses_foreign_unknown_and_duplicate_cases_and_bad_minutes_naming_each_item()
    {
        var request = new SetAgendaRequest([Item(CaseA), Item(Foreign), Item(CaseA), Item(CaseB, minutes: -3), Item(Guid.NewGuid()), Item(CaseC, triage: null), Item(null)]);
        var rejected = Assert.Throws<CommandRejected>(() => SetAgendaSlice.Decide(Scheduled(), request, BoardOf, CoordinatorRoles, Chair, Now));
        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Equal(["items[1].caseId", "items[2].caseId", "items[3].minutes", "items[4].caseId", "items[5].triage", "items[6].caseId"], rejected.Errors.Keys.Order());
        Assert.Contains("already on the agenda (item 1)", rejected.Errors["items[2].caseId"][0]);
        Assert.Contains("not a case of this meeting's board", rejected.Errors["items[1].caseId"][0]);
        Assert.Equal(rejected.Errors["items[1].caseId"], rejected.Errors["items[4].caseId"]);
    }

    [Fact]
    public void A_valid_agenda_keeps_the_order_and_the_same_agenda_again_records_nothing()
    {
        var meeting = Scheduled();
        var set = SetAgendaSlice.Decide(meeting, new SetAgendaRequest([Item(CaseB, 8), Item(CaseA, 4, Triage.StandardOfCare)]), BoardOf, CoordinatorRoles, Chair, Now);
        Assert.NotNull(set);
        Assert.Equal([new AgendaItem(CaseB, 8, Triage.Discuss), new AgendaItem(CaseA, 4, Triage.StandardOfCare)], set.Items);
        var again = SetAgendaSlice.Decide(meeting with { Agenda = set.Items }, new SetAgendaRequest([Item(CaseB, 8), Item(CaseA, 4, Triage.StandardOfCare)]), BoardOf, CoordinatorRoles, Chair, Now);
        Assert.Null(again);
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            SetAgendaSlice.Decide(meeting, new SetAgendaRequest([Item(CaseA)]), BoardOf, MemberRoles, Surgeon, Now)).Kind);
        Assert.Equal(RejectionKind.Conflict, Assert.Throws<CommandRejected>(() =>
            SetAgendaSlice.Decide(meeting with { Status = MeetingStatus.Ended }, new SetAgendaRequest([Item(CaseA)]), BoardOf, CoordinatorRoles, Chair, Now)).Kind);
    }

    [Fact]
    public void Starting_makes_the_first_case_to_discuss_current_and_moving_accumulates_time_per_case()
    {
        var meeting = WithAgenda(Scheduled(), new AgendaItem(CaseC, 2, Triage.StandardOfCare), new AgendaItem(CaseA, 5, Triage.Discuss), new AgendaItem(CaseB, 5, Triage.Discuss));
        var started = RunMeetingSlice.DecideStart(meeting, ChairRoles, Chair, Now);
        Assert.Equal(CaseA, Assert.IsType<CurrentCaseChanged>(started[1]).CaseId);
        Assert.Empty(RunMeetingSlice.DecideStart(meeting with { Status = MeetingStatus.Live }, ChairRoles, Chair, Now));

        var live = meeting with { Status = MeetingStatus.Live, CurrentCaseId = CaseA, CurrentSince = Now };
        Assert.Equal(CaseB, RunMeetingSlice.Step(live, 1));
        Assert.Equal(CaseC, RunMeetingSlice.Step(live, -1));
        Assert.Null(RunMeetingSlice.DecideMove(live, new CurrentCaseRequest(CaseA), ChairRoles, Chair, Now));
        var notOnAgenda = Assert.Throws<CommandRejected>(() => RunMeetingSlice.DecideMove(live, new CurrentCaseRequest(Foreign), ChairRoles, Chair, Now));
        Assert.Contains("caseId", notOnAgenda.Errors.Keys);
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            RunMeetingSlice.DecideMove(live, new CurrentCaseRequest(CaseB), MemberRoles, Surgeon, Now)).Kind);
        Assert.Equal(RejectionKind.Conflict, Assert.Throws<CommandRejected>(() =>
            RunMeetingSlice.DecideMove(meeting, new CurrentCaseRequest(CaseB), ChairRoles, Chair, Now)).Kind);

        var moved = RunMeetingSlice.DecideMove(live, new CurrentCaseRequest(CaseB), ChairRoles, Chair, Now.AddMinutes(4))!;
        var evolved = Meeting.Apply(new JasperFx.Events.Event<CurrentCaseChanged>(moved) { Version = 5 }, live);
        Assert.Equal(240, evolved.SecondsPerCase[CaseA]);
        Assert.Equal(CaseB, evolved.CurrentCaseId);
        var ended = Meeting.Apply(new JasperFx.Events.Event<MeetingEnded>(RunMeetingSlice.DecideEnd(evolved, ChairRoles, Chair, Now.AddMinutes(10))!) { Version = 6 }, evolved);
        Assert.Equal(360, ended.SecondsPerCase[CaseB]);
        Assert.Equal(MeetingStatus.Ended, ended.Status);
        Assert.Null(ended.CurrentCaseId);
    }

    [Fact]
    public void Members_check_themselves_in_the_chair_checks_in_others_and_the_same_check_in_again_records_nothing()
    {
        var members = new List<BoardMemberView>
        {
            new(Chair.UserId, Chair.Name, Chair.Discipline, [BoardRole.Chair]),
            new(Surgeon.UserId, Surgeon.Name, Surgeon.Discipline, [BoardRole.Member]),
        };
        var meeting = Scheduled();
        var self = CheckInSlice.Decide(meeting, new CheckInRequest(AttendanceMode.Remote, null), MemberRoles, members, Surgeon, Now)!;
        Assert.Equal((Surgeon.UserId, Discipline.Surgery, AttendanceMode.Remote), (self.UserId, self.Discipline, self.Mode));
        var checkedIn = meeting with { CheckIns = [new CheckIn(Surgeon.UserId, Surgeon.Name, Surgeon.Discipline, AttendanceMode.Remote, Now)] };
        Assert.Null(CheckInSlice.Decide(checkedIn, new CheckInRequest(AttendanceMode.Remote, null), MemberRoles, members, Surgeon, Now));
        Assert.NotNull(CheckInSlice.Decide(checkedIn, new CheckInRequest(AttendanceMode.InRoom, Surgeon.UserId), ChairRoles, members, Chair, Now));
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            CheckInSlice.Decide(meeting, new CheckInRequest(AttendanceMode.InRoom, Chair.UserId), MemberRoles, members, Surgeon, Now)).Kind);
        var bad = Assert.Throws<CommandRejected>(() => CheckInSlice.Decide(meeting, new CheckInRequest(null, Guid.NewGuid()), ChairRoles, members, Chair, Now));
        Assert.Equal(["mode", "userId"], bad.Errors.Keys.Order());
    }

    [Fact]
    public void The_calendar_file_is_valid_icalendar_with_folded_lines_and_escaped_text()
    {
        var meeting = Scheduled() with { Title = "NET board; week 48, pancreas", Location = "Room 4.12", VideoLink = "https://meet.example.org/" + new string('n', 90) };
        var ics = MeetingCalendar.ToIcs(meeting, "NET Tumor Board", ["PAN-2417", "SIN-0388"], Now, "http://127.0.0.1/meetings/x");
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.Contains("SUMMARY:NET board\\; week 48\\, pancreas\r\n", ics);
        Assert.Contains("DTSTART:20261127T150000Z\r\n", ics);
        Assert.Contains("DTEND:20261127T160000Z\r\n", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var unfolded = ics.Replace("\r\n ", "");
        Assert.Contains("PAN-2417\\, SIN-0388", unfolded);
    }
}
