using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases.Editing;
using NetTumorBoard.Web.Cases.Lifecycle;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Cases.Viewing;

/// <summary>
/// The case as the board works on it: re-read whenever anyone on any instance commits a change; shows who is here
/// and who types where; structured fields edit in place, sections are co-edited live.
/// </summary>
public sealed partial class CasePage : IAsyncDisposable
{
    private const string QuestionPath = "question";

    [Inject] private IDocumentStore Store { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private PresenceRegistry Presence { get; set; } = default!;
    [Inject] private UserDirectory Users { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IOptions<ReadinessOptions> ReadinessOptions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private NetTumorBoard.Web.Guidelines.GuidelineCatalog Catalog { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    /// <summary>Time travel: the case exactly as it was at this version, read-only.</summary>
    [SupplyParameterFromQuery] public long? Version { get; set; }

    [Inject] private Audit.Access.AccessLog Access { get; set; } = default!;

    private long _currentVersion;
    private long? _decisionVersion;
    private string? _recordedView;

    private CaseDetails? _case;
    private bool _notFound;
    private bool _canEdit;
    private bool _editingQuestion;
    private Guid _me;
    private ReadinessReport? _readiness;
    private IReadOnlyList<CaseStatus> _nextStatuses = [];
    private IReadOnlyList<CaseSummary> _timeline = [];
    private IReadOnlyList<Participant> _participants = [];
    private List<BreadcrumbItem> _crumbs = [];
    private readonly HashSet<string> _open = [];
    private readonly Dictionary<string, SectionEditor> _editors = [];
    private readonly string _connection = $"circuit:{Guid.NewGuid():N}";
    private string? _presenceKey;
    private IDisposable? _subscription;
    private readonly Turns _reads = new();
    private int _libraryRevision;
    private Board? _board;
    private IReadOnlyList<BoardRole> _roles = [];

    protected override void OnInitialized() => _subscription = Feed.Subscribe(OnChangeAsync);

    protected override async Task OnParametersSetAsync()
    {
        if (_presenceKey is not null && !_presenceKey.EndsWith(Id.ToString("N"), StringComparison.Ordinal))
        {
            await LeavePresenceAsync();
            _open.Clear();
            _editingQuestion = false;
        }
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (RendererInfo.IsInteractive && _case is not null && !_notFound && _presenceKey is null && Version is null
            && await Capacities.OfAsync(User, _case.BoardId) is (true, var capacity))
        {
            var actor = await User.ActorAsync();
            _presenceKey = PresenceRegistry.Key(_connection, Id);
            await Presence.JoinAsync(_presenceKey, Id, await Users.FindAsync(actor.UserId) ?? new UserCard(actor.UserId, actor.Name, actor.Discipline), capacity);
        }
    }

    /// <summary>Everything the page reads, in one piece: shown in one synchronous step, and carried from prerendering.</summary>
    public sealed record Loaded(
        CaseDetails Case, long? AsOf, long CurrentVersion, long? DecisionVersion, bool CanEdit, IReadOnlyList<BoardRole> Roles,
        IReadOnlyList<CaseStatus> NextStatuses, Guid Me, ReadinessReport Readiness, IReadOnlyList<CaseSummary> Timeline, Board? Board,
        IReadOnlyList<Participant> Participants);

    /// <summary>
    /// What the prerendered page showed, carried (compressed: five sections of 20,000 characters can be over 100 KB)
    /// into the interactive one so the page does not go blank while it reads again. Named apart from the uncompressed
    /// <c>Prerendered</c> of earlier versions: state that a previous build wrote (a rolling deploy, a resumed circuit)
    /// is then not read as this type, which would stop the circuit from starting.
    /// </summary>
    [PersistentState] public byte[]? PrerenderedPacked { get; set; }

    private async Task LoadAsync()
    {
        if (_case is null && Components.PrerenderCarry.Unpack<Loaded>(PrerenderedPacked) is { } carried && carried.Case.Id == Id && carried.AsOf == Version)
        {
            Show(carried); // shown while the interactive page reads it all again (a change may have landed since)
        }
        using var turn = await _reads.TurnAsync(); // reads in order: an older one never lands after a newer one
        // Everything is read into locals first and published in one synchronous step: a render triggered by another
        // event (presence, a live change) while this method awaits must never see a half-loaded page.
        try
        {
            await using var session = Store.QuerySession();
            var current = await ViewCaseSlice.LoadAsync(Id, User, session, CancellationToken.None);
            var shown = Version is { } asOf ? await ViewCaseSlice.LoadAsOfAsync(Id, asOf, null, User, Store, session, CancellationToken.None) : current;
            var membership = await User.MembershipAsync(shown.BoardId);
            // One access-log entry per view (not per live refresh).
            var view = $"{Id}/{Version}";
            if (_recordedView != view && RendererInfo.IsInteractive)
            {
                _recordedView = view;
                await Access.RecordAsync(User, Id, Version is null ? Audit.Access.AccessKind.Page : Audit.Access.AccessKind.TimeTravel,
                    Version is { } v ? $"version {v}" : null);
            }
            var loaded = new Loaded(
                shown, Version, current.Version, current.Decision?.Record.CaseVersionSeen,
                membership?.CanContribute() == true && Version is null,
                membership?.Roles.ToList() ?? [],
                membership is null ? [] : ChangeStatusSlice.NextFor(shown.Status, membership.Roles).ToList(),
                (await User.ActorAsync()).UserId,
                ReadinessCheck.Evaluate(shown.Content, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), ReadinessOptions.Value),
                await RediscussSlice.TimelineAsync(session, shown, CancellationToken.None),
                await session.LoadAsync<Board>(shown.BoardId),
                await Presence.ParticipantsAsync(Id));
            Show(loaded);
            if (!RendererInfo.IsInteractive)
            {
                PrerenderedPacked = Components.PrerenderCarry.Pack(loaded);
            }
        }
        catch (CommandRejected rejected) when (rejected.Kind is RejectionKind.NotFound or RejectionKind.Invalid)
        {
            _notFound = true;
            await LeavePresenceAsync(); // e.g. removed from the board meanwhile: no longer counted as present
        }
    }

    private void Show(Loaded loaded)
    {
        var shown = loaded.Case;
        _currentVersion = loaded.CurrentVersion;
        _decisionVersion = loaded.DecisionVersion;
        _case = shown;
        _canEdit = loaded.CanEdit;
        _roles = loaded.Roles;
        _nextStatuses = loaded.NextStatuses;
        _me = loaded.Me;
        _readiness = loaded.Readiness;
        _timeline = loaded.Timeline;
        _board = loaded.Board;
        _crumbs =
        [
            new BreadcrumbItem("Cases", "/cases"),
            new BreadcrumbItem(loaded.Board?.Name ?? "Board", $"/cases?board={shown.BoardId}"),
            new BreadcrumbItem(shown.Patient.Pseudonym, href: null, disabled: true),
        ];
        _participants = loaded.Participants;
        _notFound = false;
    }

    private async Task OnChangeAsync(ChangeNotice notice)
    {
        if (notice.Stream == "recommendation")
        {
            // A guideline changed: attached snapshots stay, but "a newer version exists" may now apply.
            Catalog.Invalidate();
            await InvokeAsync(() =>
            {
                _libraryRevision++;
                StateHasChanged();
            });
            return;
        }
        if (notice.StreamId != Id && !notice.IsResync)
        {
            return;
        }
        await InvokeAsync(async () =>
        {
            if (notice.Stream == PresenceRegistry.StreamKind)
            {
                _participants = await Presence.ParticipantsAsync(Id);
            }
            else if (notice.IsResync || notice.Version > (Version is null ? _case?.Version ?? 0 : _currentVersion))
            {
                await LoadAsync();
            }
            StateHasChanged();
        });
    }

    private async Task ToggleSectionAsync(string key)
    {
        if (_open.Contains(key))
        {
            // Closed only once everything typed is saved: if the last burst is refused or cannot reach the database,
            // the editor stays open with the text and says why.
            if (_editors.TryGetValue(key, out var editor) && !await editor.FlushAsync())
            {
                return;
            }
            _open.Remove(key);
            _editors.Remove(key);
            await SetEditingAsync(key, false);
        }
        else
        {
            _open.Add(key);
        }
    }

    private Task SetEditingAsync(string key, bool focused) =>
        _presenceKey is null ? Task.CompletedTask : Presence.SetEditingAsync(_presenceKey, focused ? key : null);

    private async Task MoveAsync(CaseStatus next)
    {
        try
        {
            await ChangeStatusSlice.HandleAsync(Id, new ChangeStatusRequest(next, null), User, Store, Clock, CancellationToken.None);
        }
        catch (CommandRejected rejected)
        {
            Snackbar.Add(rejected.Message, Severity.Warning);
        }
    }

    private async Task RediscussAsync()
    {
        // One click used to open a new case at once: say what it does, and that this case and its decision stay as they are.
        if (await Dialogs.ShowMessageBoxAsync("Discuss this patient again?",
                "A new draft case is opened for this patient, linked to this one, with the patient and tumor details carried over to be updated. "
                + "This case and its decision stay exactly as recorded.", yesText: "Open a new case", cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            var created = await RediscussSlice.HandleAsync(Id, new RediscussRequest(null), User, Store, Clock, CancellationToken.None);
            Navigation.NavigateTo($"/cases/{created.Id}");
        }
        catch (CommandRejected rejected)
        {
            Snackbar.Add(rejected.Message, Severity.Warning);
        }
    }

    private static string StatusAction(CaseStatus from, CaseStatus to) => (from, to) switch
    {
        (_, CaseStatus.ReadyForReview) when from == CaseStatus.Draft => "Mark ready for review",
        (_, CaseStatus.Draft) => "Back to draft",
        (_, CaseStatus.InDiscussion) => "Start discussion",
        (_, CaseStatus.ReadyForReview) => "Back to review",
        (_, CaseStatus.Decided) => "Mark decided",
        (_, CaseStatus.FollowUp) => "Move to follow-up",
        _ => to.Display(),
    };

    private async Task LeavePresenceAsync()
    {
        if (_presenceKey is { } key)
        {
            _presenceKey = null;
            await Presence.LeaveAsync(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await LeavePresenceAsync();
    }
}
