using Marten;
using Microsoft.AspNetCore.Components;

using Microsoft.Extensions.Options;
using MudBlazor;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Components;
using NetTumorBoard.Web.Meetings.Agenda;
using NetTumorBoard.Web.Meetings.Attendance;
using NetTumorBoard.Web.Meetings.Live;
using NetTumorBoard.Web.Meetings.Minutes;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Meetings.Viewing;

/// <summary>One meeting: its details, agenda (edited by the chair or a coordinator), attendance and live controls; re-read on every change.</summary>
public sealed partial class MeetingPage : IDisposable
{
    [Inject] private IDocumentStore Store { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private PresenceRegistry Presence { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IOptions<ReadinessOptions> Readiness { get; set; } = default!;
    [Inject] private Microsoft.EntityFrameworkCore.IDbContextFactory<IdentityDb> IdentityDb { get; set; } = default!;
    [Inject] private MeetingFollow Follow { get; set; } = default!;
    [Inject] private BrowserTime BrowserTime { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private UserDirectory Users { get; set; } = default!;
    [Inject] private ILogger<MeetingPage> Logger { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private UnsavedWork Unsaved { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    private MeetingView? _meeting;
    private bool _notFound;
    private bool _editing;
    private bool _dirty;
    private long _draftAgendaVersion;
    private bool _agendaConflict;
    /// <summary>The agenda editor is open (and may be): the draft, not the saved agenda, is on screen.</summary>
    private bool EditingAgenda => _editing && _meeting is { CanPlan: true } m && m.Status != MeetingStatus.Ended;

    private static string CaseCount(int n) => n == 1 ? "1 case" : $"{n} cases";
    private List<AgendaEditor.DraftItem> _draft = [];
    private IReadOnlyList<AgendaEditor.DraftItem> _candidates = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private List<BreadcrumbItem> _crumbs = [];
    private IDisposable? _subscription;
    private readonly Turns _reads = new();
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>The meeting as prerendered, carried into the interactive page (so it does not vanish meanwhile).</summary>
    [PersistentState] public MeetingView? Prerendered { get; set; }

    protected override void OnInitialized()
    {
        if (Prerendered is { } shown && shown.Id == Id)
        {
            Show(shown);
        }
        _subscription = Feed.Subscribe(OnChangeAsync);
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        Unsaved.Set(this, _editing && _dirty ? "changes to the agenda" : null); // a live meeting does not move this tab away from them
        if (firstRender && RendererInfo.IsInteractive)
        {
            _zone = await BrowserTime.ZoneAsync();
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        using var turn = await _reads.TurnAsync(); // reads in order: an older one never lands after a newer one
        try
        {
            await using var session = Store.QuerySession();
            Show(await ViewMeetingSlice.LoadAsync(Id, User, session, Presence, Clock, Readiness.Value, CancellationToken.None));
            if (!RendererInfo.IsInteractive)
            {
                Prerendered = PrerenderCarry.IfSmall(_meeting!);
            }
        }
        catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.NotFound)
        {
            _notFound = true;
        }
    }

    private void Show(MeetingView meeting)
    {
        _meeting = meeting;
        _crumbs = [new BreadcrumbItem("Meetings", "/meetings"), new BreadcrumbItem(meeting.Title, href: null, disabled: true)];
        _notFound = false;
        if (!_dirty)
        {
            ResetDraft();
        }
    }

    private void ResetDraft()
    {
        _draft = _meeting?.Agenda.Select(a => new AgendaEditor.DraftItem(a.CaseId, a.Pseudonym, a.Summary, a.Minutes, a.Triage, a.Question)).ToList() ?? [];
        _draftAgendaVersion = _meeting?.AgendaVersion ?? 0;
        _agendaConflict = false;
        _dirty = false;
        _errors = new Dictionary<string, string[]>();
    }

    private async Task EditAgenda()
    {
        await using var session = Store.QuerySession();
        var boardId = _meeting!.BoardId;
        var cases = await session.Query<CaseSummary>()
            .Where(c => c.BoardId == boardId && c.Status != CaseStatus.Decided && c.Status != CaseStatus.FollowUp)
            .OrderByDescending(c => c.UpdatedAt).Take(200).ToListAsync(CancellationToken.None);
        _candidates = cases.Select(c => new AgendaEditor.DraftItem(c.Id, c.Pseudonym,
            CaseFormat.SiteAndClassification(c.Tumor.PrimarySite, c.Tumor.Histology, c.Tumor.WhoGrade, c.Tumor.Ki67Percent),
            c.Status == CaseStatus.Draft ? 5 : 8, Triage.Discuss, c.Question)).ToList();
        ResetDraft();
        _editing = true;
    }

    private async Task OnChangeAsync(ChangeNotice notice)
    {
        var relevant = notice.IsResync || notice.StreamId == Id || (notice.Stream == "case" && _meeting?.Agenda.Any(a => a.CaseId == notice.StreamId) == true);
        if (relevant)
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    private async Task Run(Func<Task> action, string? done = null)
    {
        try
        {
            await action();
            if (done is not null)
            {
                Snackbar.Add(done, Severity.Success);
            }
        }
        catch (CommandRejected rejected)
        {
            Snackbar.Add(rejected.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? rejected.Message, Severity.Warning);
        }
    }

    private async Task SaveAgendaAsync()
    {
        var request = new SetAgendaRequest(_draft.Select(d => new AgendaItemRequest(d.CaseId, d.Minutes, d.Triage)).ToList(), _draftAgendaVersion);
        try
        {
            await SetAgendaSlice.HandleAsync(Id, request, User, Store, Clock, CancellationToken.None);
            _dirty = false;
            _agendaConflict = false;
            _errors = new Dictionary<string, string[]>();
            await LoadAsync(); // not dirty now: the draft is reset to the saved agenda
            Snackbar.Add("Agenda saved.", Severity.Success);
        }
        catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.Conflict && rejected.Extensions.ContainsKey("agendaVersion"))
        {
            // Someone else saved the agenda meanwhile: nothing is replaced until this planner chooses.
            await LoadAsync();
            _agendaConflict = true;
            _agendaChangedBy = await WhoSetTheAgendaAsync();
            _errors = new Dictionary<string, string[]>();
        }
        catch (CommandRejected rejected)
        {
            _errors = rejected.Errors.Count > 0 ? rejected.Errors : new Dictionary<string, string[]> { ["items"] = [rejected.Message] };
        }
    }

    /// <summary>After a conflict: this draft replaces the agenda as it is now.</summary>
    private Task KeepMineAsync()
    {
        _draftAgendaVersion = _meeting?.AgendaVersion ?? 0;
        return SaveAgendaAsync();
    }

    /// <summary>After a conflict: the draft becomes the agenda as it is now.</summary>
    private void TakeTheirs() => ResetDraft();

    private void JoinAsync() => Follow.Join(Id);

    private Task StartAsync() => Run(async () =>
    {
        await RunMeetingSlice.StartAsync(Id, User, Store, Clock, CancellationToken.None);
        if (Follow.MeetingId != Id)
        {
            Follow.Join(Id);
        }
    });

    private Task EndAsync() => Run(() => RunMeetingSlice.EndAsync(Id, User, Store, Clock, CancellationToken.None), "The meeting has ended.");

    private Task DiscussAsync(Guid caseId) => Run(() => RunMeetingSlice.MoveAsync(Id, new CurrentCaseRequest(caseId), User, Store, Clock, CancellationToken.None));

    private Task CheckInAsync(AttendanceMode mode) =>
        Run(() => CheckInSlice.HandleAsync(Id, new CheckInRequest(mode, null), User, Store, IdentityDb, Clock, CancellationToken.None), "Checked in.");

    private async Task RecordMinutesAsync()
    {
        // Recording again replaces what people download; the earlier minutes stay in the meeting's history.
        if (_meeting is { MinutesRecorded: true } && await Dialogs.ShowMessageBoxAsync("Record the minutes again?",
                "The new minutes replace the current ones for download (the earlier minutes stay in the meeting's history). They take the decisions "
                + "as they stand now, and attendance from the check-ins plus whoever has the meeting open at this moment.",
                yesText: "Record again", cancelText: "Cancel") != true)
        {
            return;
        }
        await Run(() => RecordMinutesSlice.HandleAsync(Id, User, Store, Presence, Clock, CancellationToken.None), "Minutes recorded.");
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        Unsaved.Set(this, null);
    }

    private static string Sentence(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    /// <summary>Who saved the agenda this planner collided with, and when, from the meeting's own event.</summary>
    private string? _agendaChangedBy;

    private async Task<string?> WhoSetTheAgendaAsync() => _meeting is not { AgendaVersion: > 0 } meeting ? null
        : await ChangedBy.DescribeAsync(Store, Users, BrowserTime, Logger, meeting.Id, meeting.AgendaVersion, data => data is AgendaSet set ? (set.By, set.At) : null,
            (await User.ActorAsync()).UserId);
}
