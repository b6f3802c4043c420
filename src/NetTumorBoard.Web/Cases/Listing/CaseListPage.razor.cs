using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Listing;

/// <summary>The case list of the user's boards; rows appear live when anyone, on any instance, creates a case.</summary>
public sealed partial class CaseListPage : IDisposable
{
    [Inject] private IDocumentStore Store { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private IDbContextFactory<IdentityDb> IdentityDb { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<Readiness.ReadinessOptions> ReadinessOptions { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "board")] private Guid? BoardFilter { get; set; }

    private IReadOnlyList<CaseSummary> _cases = [];
    private IReadOnlyList<BoardView> _boards = [];
    private IReadOnlyList<BoardView> _contributorBoards = [];
    private readonly HashSet<Guid> _fresh = [];
    private string _search = "";
    private bool _loaded;
    private IDisposable? _subscription;
    private readonly Turns _reads = new();

    private IReadOnlyList<CaseSummary> Visible => string.IsNullOrWhiteSpace(_search)
        ? _cases
        : _cases.Where(c => c.Pseudonym.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || (c.Question?.Contains(_search, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();

    /// <summary>What the list showed when prerendered, carried into the interactive page (so its rows do not vanish meanwhile).</summary>
    public sealed record Shown(IReadOnlyList<BoardView> Boards, IReadOnlyList<BoardView> ContributorBoards, IReadOnlyList<CaseSummary> Cases, Guid? Filter);

    [PersistentState] public Shown? Prerendered { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Prerendered is { } shown && shown.Filter == BoardFilter)
        {
            (_boards, _contributorBoards, _cases, _loaded) = (shown.Boards, shown.ContributorBoards, shown.Cases, true);
        }
        await using (var session = Store.QuerySession())
        {
            _boards = await ListBoardsSlice.QueryAsync(User, session, IdentityDb, CancellationToken.None);
        }
        var memberships = await User.MembershipsAsync();
        _contributorBoards = _boards.Where(b => memberships.Any(m => m.BoardId == b.Id && m.CanContribute())).ToList();
        _subscription = Feed.Subscribe(OnChangeAsync);
    }

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        using var turn = await _reads.TurnAsync(); // reads in order: an older one never lands after a newer one
        await using var session = Store.QuerySession();
        var filter = BoardFilter is { } id && _boards.Any(b => b.Id == id) ? new CaseListFilter(id) : new CaseListFilter();
        _cases = await ListCasesSlice.QueryAsync(filter, User, session, CancellationToken.None);
        _loaded = true;
        if (!RendererInfo.IsInteractive)
        {
            Prerendered = Components.PrerenderCarry.IfSmall(new Shown(_boards, _contributorBoards, _cases, BoardFilter));
        }
    }

    private async Task OnChangeAsync(ChangeNotice notice)
    {
        var relevant = notice.IsResync || (notice.Stream == "case" &&
            ((notice.BoardId is { } board && _boards.Any(b => b.Id == board)) || _cases.Any(c => c.Id == notice.StreamId)));
        if (!relevant)
        {
            return;
        }
        await InvokeAsync(async () =>
        {
            var known = _cases.Select(c => c.Id).ToHashSet();
            await LoadAsync();
            _fresh.UnionWith(_cases.Where(c => !known.Contains(c.Id)).Select(c => c.Id));
            StateHasChanged();
        });
    }

    private async Task OpenNewCaseAsync()
    {
        var parameters = new DialogParameters<NewCaseDialog>
        {
            { d => d.Boards, _contributorBoards },
            { d => d.PreselectedBoardId, BoardFilter ?? _cases.FirstOrDefault()?.BoardId },
        };
        var dialog = await Dialogs.ShowAsync<NewCaseDialog>("New case", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: Guid caseId })
        {
            Navigation.NavigateTo($"/cases/{caseId}");
        }
    }

    private Task FilterBoardAsync(Guid? boardId)
    {
        Navigation.NavigateTo(boardId is null ? "/cases" : $"/cases?board={boardId}");
        return Task.CompletedTask;
    }

    private Readiness.ReadinessReport Readiness(CaseSummary c) =>
        Cases.Readiness.ReadinessCheck.Evaluate(c.Content, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), ReadinessOptions.Value);

    private void Open(Guid caseId) => Navigation.NavigateTo($"/cases/{caseId}");

    private string RowClass(CaseSummary c) => _fresh.Contains(c.Id) ? "case-row case-row-fresh" : "case-row";

    private string BoardName(Guid boardId) => _boards.FirstOrDefault(b => b.Id == boardId)?.Name ?? "";

    internal static Color StatusColor(CaseStatus status) => status switch
    {
        CaseStatus.Draft => Color.Default,
        CaseStatus.ReadyForReview => Color.Info,
        CaseStatus.InDiscussion => Color.Warning,
        CaseStatus.Decided => Color.Success,
        _ => Color.Secondary,
    };

    public void Dispose() => _subscription?.Dispose();
}
