using Marten;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases.Creating;

public sealed record CreateCaseRequest(CasePatient? Patient, CaseTumor? Tumor, string? Question, Guid? PreviousCaseId = null);

public sealed record CaseCreatedResponse(Guid Id, long Version);

public static class CreateCaseSlice
{
    /// <summary>Pure rule: a valid NET case becomes a CaseCreated event; anything invalid is refused whole.</summary>
    public static CaseCreated Decide(CreateCaseRequest request, Guid caseId, Guid boardId, Actor actor, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        CaseRules.ValidatePatient(request.Patient, errors, today);
        CaseRules.ValidateTumor(request.Tumor, errors, today);
        CaseRules.ValidateQuestion(request.Question, errors);
        errors.ThrowIfAny("The case has invalid fields.");

        var patient = request.Patient! with { Pseudonym = request.Patient!.Pseudonym.Trim() };
        var tumor = request.Tumor ?? new CaseTumor();
        tumor = tumor with { PriorTherapies = tumor.PriorTherapies ?? [] };
        var question = string.IsNullOrWhiteSpace(request.Question) ? null : request.Question.Trim();
        return new CaseCreated(caseId, boardId, patient, tumor, question, request.PreviousCaseId, actor.UserId, now);
    }

    public static async Task<CaseCreatedResponse> HandleAsync(
        Guid boardId, CreateCaseRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        await user.RequireContributorAsync(boardId, ct);
        var actor = await user.ActorAsync();
        await using var session = store.OpenSession(actor);
        if (request.PreviousCaseId is { } previousId)
        {
            var previous = await session.LoadAsync<CaseSummary>(previousId, ct);
            if (previous is null || previous.BoardId != boardId)
            {
                throw CommandRejected.Invalid("previousCaseId", "No earlier case with this id exists on this board.");
            }
        }
        var caseId = Guid.CreateVersion7();
        var created = Decide(request, caseId, boardId, actor, clock.GetUtcNow());
        session.Events.StartStream<CaseDetails>(caseId, created);
        await session.SaveChangesAsync(ct);
        return new CaseCreatedResponse(caseId, 1);
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/boards/{boardId:guid}/cases", async (Guid boardId, CreateCaseRequest request, CurrentUser user,
                IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var created = await HandleAsync(boardId, request, user, store, clock, ct);
                return TypedResults.Created($"/api/cases/{created.Id}", created);
            })
            .WithName("CreateCase")
            .WithSummary("Put a new case before a board.");
}
