using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Microsoft.Extensions.Options;
using MudBlazor;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Meetings.Viewing;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Web.Meetings.Live;

/// <summary>
/// Keeps a tab in the meeting: re-reads it on every change from any instance, moves a following tab to the case
/// under discussion, ticks the per-case timer, and counts the tab as online attendance (presence).
/// </summary>
public sealed partial class MeetingBar
{
    [Inject] private MeetingFollow Follow { get; set; } = default!;
    [Inject] private Components.BrowserTime BrowserTime { get; set; } = default!;
    [Inject] private IDocumentStore Store { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private PresenceRegistry Presence { get; set; } = default!;
    [Inject] private UserDirectory Users { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IOptions<ReadinessOptions> Readiness { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Microsoft.JSInterop.IJSRuntime JS { get; set; } = default!;
    [Inject] private Components.UnsavedWork Unsaved { get; set; } = default!;

    private sealed record Remembered(Guid Id, bool Following);

    private readonly string _connection = $"circuit:{Guid.NewGuid():N}";
    private MeetingView? _meeting;
    private Meeting? _state;
    private IDisposable? _subscription;
    private readonly Turns _reads = new();
    private string? _presenceKey;
    private PeriodicTimer? _ticker;
    private Guid? _shownCase;
    private bool _quiet;

    /// <summary>The case the meeting moved to while this tab had unsaved work open: it follows once that is saved or closed.</summary>
    private Guid? _waitingFor;

    protected override void OnInitialized()
    {
        Follow.Changed += OnFollowChanged;
        Unsaved.Changed += OnUnsavedChanged;
        _subscription = Feed.Subscribe(OnChangeAsync);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }
        await BrowserTime.ZoneAsync(); // "Starts …" in the reader's time (labelled UTC until known)
        if (Follow.MeetingId is not null)
        {
            await JoinAsync();
        }
        else if (await RecallAsync() is { } remembered)
        {
            // A reloaded tab stays in the meeting it had joined, on the page it reloaded, until the meeting moves.
            _quiet = true;
            Follow.Join(remembered.Id, remembered.Following);
        }
    }

    private void OnFollowChanged() => _ = InvokeAsync(async () =>
    {
        await RememberAsync();
        if (Follow.MeetingId is null)
        {
            await LeavePresenceAsync();
            _meeting = null;
            _state = null;
        }
        else if (_meeting?.Id != Follow.MeetingId)
        {
            await LeavePresenceAsync();
            await JoinAsync();
        }
        else if (Follow.Following)
        {
            GoToCurrent(force: true);
        }
        StateHasChanged();
    });

    private async Task JoinAsync()
    {
        if (Follow.MeetingId is not { } id)
        {
            return;
        }
        var actor = await User.ActorAsync();
        Guid? board;
        await using (var session = Store.QuerySession())
        {
            board = (await session.LoadAsync<Meeting>(id))?.BoardId;
        }
        // Present only where the user may be (a tab may remember a meeting of a board they have since left).
        if (board is { } b && await Capacities.OfAsync(User, b) is (true, var capacity))
        {
            _presenceKey = PresenceRegistry.Key(_connection, id);
            await Presence.JoinAsync(_presenceKey, id, await Users.FindAsync(actor.UserId) ?? new UserCard(actor.UserId, actor.Name, actor.Discipline), capacity);
        }
        await LoadAsync();
        if (_quiet)
        {
            _quiet = false;
            _shownCase = _meeting?.CurrentCaseId;
        }
        else
        {
            GoToCurrent(force: true);
        }
        StartTicker();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        using var turn = await _reads.TurnAsync(); // reads in order: an older one never lands after a newer one
        if (Follow.MeetingId is not { } id)
        {
            return;
        }
        try
        {
            await using var session = Store.QuerySession();
            _state = await session.LoadAsync<Meeting>(id);
            _meeting = await ViewMeetingSlice.LoadAsync(id, User, session, Presence, Clock, Readiness.Value, CancellationToken.None);
        }
        catch (CommandRejected)
        {
            Follow.Leave();
        }
    }

    private async Task OnChangeAsync(ChangeNotice notice)
    {
        if (Follow.MeetingId is not { } id || (notice.StreamId != id && !notice.IsResync) || notice.Stream is not ("meeting" or PresenceRegistry.StreamKind) && !notice.IsResync)
        {
            return;
        }
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            if (!_quiet)
            {
                GoToCurrent(force: false);
            }
            StateHasChanged();
        });
    }

    /// <summary>
    /// A following tab shows the case under discussion; it moves when that case changes (or on joining, or when asked:
    /// <paramref name="force"/>). While something is open and unsaved here (a comment, an editor, a dialog) it does not
    /// move by itself — that would drop what was typed — but says where the meeting is and follows once it is closed.
    /// </summary>
    private void GoToCurrent(bool force)
    {
        if (!Follow.Following || _meeting?.CurrentCaseId is not { } current || (!force && current == _shownCase))
        {
            _shownCase = _meeting?.CurrentCaseId;
            _waitingFor = null;
            return;
        }
        var target = $"cases/{current}";
        if (Navigation.ToBaseRelativePath(Navigation.Uri).StartsWith(target, StringComparison.OrdinalIgnoreCase))
        {
            (_shownCase, _waitingFor) = (current, null);
            return;
        }
        if (!force && Unsaved.Any)
        {
            _waitingFor = current;
            return;
        }
        (_shownCase, _waitingFor) = (current, null);
        Navigation.NavigateTo("/" + target);
    }

    private void OnUnsavedChanged() => _ = InvokeAsync(async () =>
    {
        await Task.Yield(); // after the render that reported it
        if (_waitingFor is not null && !Unsaved.Any)
        {
            GoToCurrent(force: false);
        }
        StateHasChanged();
    });

    private void FollowAgain()
    {
        Follow.SetFollowing(true);
    }

    private async Task StepAsync(int by)
    {
        if (_state is null || RunMeetingSlice.Step(_state, by) is not { } next)
        {
            return;
        }
        try
        {
            await RunMeetingSlice.MoveAsync(_state.Id, new CurrentCaseRequest(next), User, Store, Clock, CancellationToken.None);
        }
        catch (CommandRejected rejected)
        {
            Snackbar.Add(rejected.Message, Severity.Warning);
        }
    }

    private void StartTicker()
    {
        if (_ticker is not null)
        {
            return;
        }
        _ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        _ = Task.Run(async () =>
        {
            try
            {
                while (await _ticker.WaitForNextTickAsync())
                {
                    if (_meeting?.Status == MeetingStatus.Live)
                    {
                        await InvokeAsync(StateHasChanged);
                    }
                }
            }
            catch (ObjectDisposedException)
            {
            }
        });
    }

    private async Task<Remembered?> RecallAsync()
    {
        try
        {
            return await JS.InvokeAsync<Remembered?>("ntb.meeting.get");
        }
        catch (Exception e) when (e is Microsoft.JSInterop.JSException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task RememberAsync()
    {
        try
        {
            if (Follow.MeetingId is { } id)
            {
                await JS.InvokeVoidAsync("ntb.meeting.set", id, Follow.Following);
            }
            else
            {
                await JS.InvokeVoidAsync("ntb.meeting.clear");
            }
        }
        catch (Exception e) when (e is Microsoft.JSInterop.JSException or InvalidOperationException or TaskCanceledException)
        {
            // The tab is closing; nothing to remember.
        }
    }

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
        Follow.Changed -= OnFollowChanged;
        Unsaved.Changed -= OnUnsavedChanged;
        _subscription?.Dispose();
        _ticker?.Dispose();
        await LeavePresenceAsync();
    }
}
