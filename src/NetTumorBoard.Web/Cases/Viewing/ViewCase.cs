using System.Globalization;
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
    IReadOnlyList<AttachedRecommendation> AttachedRecommendations,
    IReadOnlyList<Voting.ProposalView> Proposals,
    Decisions.DecisionView? Decision,
    IReadOnlyList<Decisions.FollowUpTaskView> FollowUpTasks,
    Reviews.ReviewState? Review,
    IReadOnlyList<Reviews.CommentView> Comments,
    IReadOnlyList<Guid> Followers)
{
    public static CaseResponse From(CaseDetails c) => new(c.Id, c.BoardId, c.Version, c.Status, c.Patient, c.Tumor, c.Question,
        c.PreviousCaseId, c.CreatedAt, c.UpdatedAt, c.Sections, c.AttachedRecommendations, c.Proposals, c.Decision, c.FollowUpTasks, c.Review, c.Comments,
        c.Followers);
}

public static class ViewCaseSlice
{
    /// <summary>The case if it exists and the user belongs to its board; otherwise "not found", never a hint that it exists.</summary>
    public static async Task<CaseDetails> LoadAsync(Guid caseId, CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw CommandRejected.NotFound("Case");
        await user.RequireReaderAsync(details.BoardId, "Case", ct);
        return details;
    }

    /// <summary>The case exactly as it was at a version or a moment, rebuilt from its events.</summary>
    public static async Task<CaseDetails> LoadAsOfAsync(Guid caseId, long? version, DateTimeOffset? at, CurrentUser user, IDocumentStore store,
        IQuerySession session, CancellationToken ct)
    {
        var current = await LoadAsync(caseId, user, session, ct);
        if (version is { } v && (v < 1 || v > current.Version))
        {
            throw CommandRejected.Invalid("version", $"Choose a version between 1 and {current.Version}.");
        }
        var target = version ?? (at is { } moment ? await CaseSnapshots.VersionAtAsync(session, caseId, moment, ct) : current.Version);
        if (target < 1)
        {
            throw CommandRejected.NotFound("The case at that time");
        }
        var past = target == current.Version ? current : await CaseSnapshots.AtVersionAsync(store, session, caseId, target, ct);
        return past ?? throw CommandRejected.NotFound("The case at that time");
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{id:guid}", async (Guid id, string? version, string? at, CurrentUser user, IDocumentStore store, IQuerySession session, Audit.Access.AccessLog access,
                CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                long? parsedVersion = null;
                DateTimeOffset? parsedAt = null;
                if (!string.IsNullOrEmpty(version))
                {
                    errors.Check(long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v), "version", "Give a version number.");
                    parsedVersion = v;
                }
                if (!string.IsNullOrEmpty(at))
                {
                    errors.Check(DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t), "at",
                        "Give a time in ISO 8601, e.g. 2026-11-26T10:00:00Z.");
                    parsedAt = t;
                }
                errors.Check(parsedVersion is null || parsedAt is null, "at", "Ask for a version or a time, not both.");
                errors.ThrowIfAny();
                var details = parsedVersion is null && parsedAt is null
                    ? await LoadAsync(id, user, session, ct)
                    : await LoadAsOfAsync(id, parsedVersion, parsedAt, user, store, session, ct);
                await access.RecordAsync(user, id, parsedVersion is null && parsedAt is null ? Audit.Access.AccessKind.Api : Audit.Access.AccessKind.TimeTravel,
                    parsedVersion is { } pv ? $"version {pv}" : parsedAt is { } pa ? $"at {pa:o}" : null, ct);
                return CaseResponse.From(details);
            })
            .WithName("GetCase")
            .WithSummary("One case with all its fields and sections; ?version=N or ?at=time for the case exactly as it was then.");
}
