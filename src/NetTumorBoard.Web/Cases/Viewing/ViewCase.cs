using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Viewing;

/// <summary>GET /api/cases/{id} as the contract shapes it.</summary>
public sealed record CaseResponse(
    Guid Id,
    Guid BoardId,
    long Version,
    CaseStatus Status,
    CasePatient Patient,
    CaseTumor Tumor,
    string? Question,
    Guid? PreviousCaseId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, SectionView> Sections,
    IReadOnlyList<object> AttachedRecommendations,
    IReadOnlyList<object> Proposals,
    object? Decision)
{
    public static CaseResponse From(CaseDetails c) => new(c.Id, c.BoardId, c.Version, c.Status, c.Patient, c.Tumor, c.Question,
        c.PreviousCaseId, c.CreatedAt, c.UpdatedAt, c.Sections, [], [], null);
}

public static class ViewCaseSlice
{
    /// <summary>The case if it exists and the user belongs to its board; otherwise "not found", never a hint that it exists.</summary>
    public static async Task<CaseDetails> LoadAsync(Guid caseId, CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw CommandRejected.NotFound("Case");
        await user.RequireMemberAsync(details.BoardId, "Case", ct);
        return details;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{id:guid}", async (Guid id, CurrentUser user, IQuerySession session, CancellationToken ct) =>
                CaseResponse.From(await LoadAsync(id, user, session, ct)))
            .WithName("GetCase")
            .WithSummary("One case with all its fields and sections.");
}
