using Marten;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Viewing;

/// <summary>One case as the board sees it; re-reads when anyone commits a change to it.</summary>
public sealed partial class CasePage : IDisposable
{
    [Inject] private IDocumentStore Store { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    private CaseDetails? _case;
    private bool _notFound;
    private List<BreadcrumbItem> _crumbs = [];
    private IDisposable? _subscription;

    protected override void OnInitialized() => _subscription = Feed.Subscribe(OnChangeAsync);

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            await using var session = Store.QuerySession();
            _case = await ViewCaseSlice.LoadAsync(Id, User, session, CancellationToken.None);
            var board = await session.LoadAsync<Board>(_case.BoardId);
            _crumbs =
            [
                new BreadcrumbItem("Cases", "/cases"),
                new BreadcrumbItem(board?.Name ?? "Board", $"/cases?board={_case.BoardId}"),
                new BreadcrumbItem(_case.Patient.Pseudonym, href: null, disabled: true),
            ];
            _notFound = false;
        }
        catch (CommandRejected rejected) when (rejected.Kind == RejectionKind.NotFound)
        {
            _notFound = true;
        }
    }

    private async Task OnChangeAsync(ChangeNotice notice)
    {
        if (notice.IsResync || (notice.StreamId == Id && notice.Version > (_case?.Version ?? 0)))
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
