using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Listing;

public sealed record CaseListFilter(Guid? BoardId = null, CaseStatus? Status = null, string? Text = null);

public static class ListCasesSlice
{
    public const int MaxResults = 500;

    /// <summary>Cases of the boards the user belongs to, newest first.</summary>
    public static async Task<IReadOnlyList<CaseSummary>> QueryAsync(
        CaseListFilter filter, CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var boardIds = (await user.MembershipsAsync(ct)).Select(m => m.BoardId).ToArray();
        if (filter.BoardId is { } boardId)
        {
            await user.RequireMemberAsync(boardId, ct: ct);
            boardIds = [boardId];
        }
        if (boardIds.Length == 0)
        {
            return [];
        }
        var query = session.Query<CaseSummary>().Where(c => c.BoardId.IsOneOf(boardIds));
        if (filter.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(c => c.Patient.Pseudonym.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (c.Question != null && c.Question.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }
        return await query.OrderByDescending(c => c.CreatedAt).Take(MaxResults).ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases", async (string? boardId, string? status, string? q, CurrentUser user, IQuerySession session, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                Guid? board = null;
                if (!string.IsNullOrEmpty(boardId))
                {
                    errors.Check(Guid.TryParse(boardId, out var parsed), "boardId", "Give a board id (a GUID).");
                    board = parsed;
                }
                CaseStatus? parsedStatus = null;
                if (!string.IsNullOrEmpty(status))
                {
                    errors.Check(Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s), "status",
                        $"Use one of: {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
                    parsedStatus = s;
                }
                errors.Check((q?.Length ?? 0) <= 200, "q", "Search with at most 200 characters.");
                errors.ThrowIfAny();
                return await QueryAsync(new CaseListFilter(board, parsedStatus, q), user, session, ct);
            })
            .WithName("ListCases")
            .WithSummary("Case summaries of the caller's boards; filter by board, status and text.");
}
