using System.Globalization;
using Marten;
using NetTumorBoard.Web.Audit.Access;
using NetTumorBoard.Web.Audit.Export;
using NetTumorBoard.Web.Audit.History;
using NetTumorBoard.Web.Audit.Ledger;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Audit;

/// <summary>Decision-history audits: history, tamper-evident ledger, read-access log, exports.</summary>
public static class AuditArea
{
    public static void AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LedgerVerifier>();
        builder.Services.AddSingleton<EventRows>();
        builder.Services.AddSingleton<IDatabaseObjects, LedgerSchema>();
        builder.Services.AddSingleton<AccessLog>();
        builder.Services.AddSingleton<IDatabaseObjects>(sp => sp.GetRequiredService<AccessLog>());
        builder.Services.Configure<LedgerOptions>(builder.Configuration.GetSection(LedgerOptions.Section));
        builder.Services.AddHostedService<LedgerCheckpoints>();
    }

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        CaseHistorySlice.Map(api);
        api.MapGet("/cases/{id:guid}/ledger/verify", async (Guid id, CurrentUser user, IQuerySession session, LedgerVerifier verifier, CancellationToken ct) =>
            {
                var details = await session.LoadAsync<CaseDetails>(id, ct) ?? throw CommandRejected.NotFound("Case");
                await user.RequireReaderAsync(details.BoardId, ct: ct);
                return await verifier.VerifyStreamAsync(id, ct);
            })
            .WithName("VerifyCaseLedger")
            .WithSummary("Recompute the case's hash chain: { valid, checkedEvents, firstBrokenVersion, problem }.");
        var audit = api.MapGroup("/audit").RequireAuthorization(Policies.Auditor);
        audit.MapGet("/verify", (LedgerVerifier verifier, CancellationToken ct) => verifier.VerifyAllAsync(ct))
            .WithName("VerifyLedger")
            .WithSummary("Recompute every stream's chain and the store-wide checkpoints (Auditor).");
        audit.MapPost("/checkpoints", async (LedgerVerifier verifier, CancellationToken ct) =>
                new { checkpointId = await verifier.CheckpointAsync(TimeSpan.Zero, ct) })
            .WithName("LedgerCheckpoint")
            .WithSummary("Append a store-wide checkpoint over the events since the last one (Auditor).");
        audit.MapGet("/access", async (string? caseId, string? userId, string? from, string? to, AccessLog log, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var filter = (Case: Id(caseId, "caseId", errors), User: Id(userId, "userId", errors), From: Time(from, "from", errors), To: Time(to, "to", errors));
                errors.ThrowIfAny();
                return await log.QueryAsync(filter.Case, filter.User, filter.From, filter.To, 1000, ct);
            })
            .WithName("AccessLog")
            .WithSummary("Who read which case when (page, API, time travel, history, export), latest first (Auditor).");
        api.MapGet("/cases/{id:guid}/export/json", async (Guid id, CurrentUser user, IQuerySession session, UserDirectory users, LedgerVerifier verifier,
                EventRows events, AccessLog access, CancellationToken ct) =>
            {
                var details = await session.LoadAsync<CaseDetails>(id, ct) ?? throw CommandRejected.NotFound("Case");
                await user.RequireReaderAsync(details.BoardId, ct: ct);
                var history = await CaseHistorySlice.LoadAsync(id, new HistoryFilter(), user, session, users, events, ct);
                var ledger = await verifier.VerifyStreamAsync(id, ct);
                await access.RecordAsync(user, id, AccessKind.Export, "json", ct);
                return Results.Json(new { exportedAt = DateTimeOffset.UtcNow, @case = CaseResponse.From(details), history, ledger },
                    contentType: "application/json", statusCode: 200);
            })
            .WithName("ExportCaseJson")
            .WithSummary("The case's full record: current state, every event with actor and diff, and the ledger check.");
        api.MapGet("/cases/{id:guid}/export/fhir", async (Guid id, CurrentUser user, IQuerySession session, AccessLog access, TimeProvider clock, CancellationToken ct) =>
            {
                var details = await session.LoadAsync<CaseDetails>(id, ct) ?? throw CommandRejected.NotFound("Case");
                await user.RequireReaderAsync(details.BoardId, ct: ct);
                await access.RecordAsync(user, id, AccessKind.Export, "fhir", ct);
                var reads = await access.QueryAsync(id, null, null, null, 500, ct);
                var bundle = FhirExport.Build(details, reads, clock.GetUtcNow());
                return Results.Text(System.Text.Json.JsonSerializer.Serialize(bundle, FhirExport.Json), "application/fhir+json");
            })
            .WithName("ExportCaseFhir")
            .WithSummary("The case as a FHIR R4 Bundle: Patient (pseudonym), Condition, CarePlan (decision), Practitioner, Provenance per decision and vote, AuditEvent per read.");
    }

    private static Guid? Id(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        errors.Check(Guid.TryParse(value, out var id), field, "Give an id (a GUID).");
        return id;
    }

    private static DateTimeOffset? Time(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        errors.Check(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time), field, "Give a time in ISO 8601.");
        return time;
    }
}
