using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using NetTumorBoard.Web.Meetings.Agenda;
using NetTumorBoard.Web.Meetings.Attendance;
using NetTumorBoard.Web.Meetings.Live;
using NetTumorBoard.Web.Meetings.Scheduling;
using NetTumorBoard.Web.Meetings.Viewing;

namespace NetTumorBoard.Web.Meetings;

/// <summary>Board meetings: schedule, agenda, live mode, attendance, minutes.</summary>
public static class MeetingsArea
{
    public static void ConfigureMeetings(this StoreOptions options)
    {
        options.Projections.Snapshot<Meeting>(SnapshotLifecycle.Inline);
        options.Schema.For<Meeting>().Index(m => m.BoardId);
    }

    public static void AddMeetings(this WebApplicationBuilder builder) => builder.Services.AddScoped<MeetingFollow>().AddScoped<Components.BrowserTime>().AddScoped<Components.UnsavedWork>();

    public static void MapMeetingsApi(this RouteGroupBuilder api)
    {
        ScheduleMeetingSlice.Map(api);
        SetAgendaSlice.Map(api);
        RunMeetingSlice.Map(api);
        CheckInSlice.Map(api);
        MeetingCalendar.Map(api);
        ViewMeetingSlice.Map(api);
        Minutes.RecordMinutesSlice.Map(api);
    }
}
