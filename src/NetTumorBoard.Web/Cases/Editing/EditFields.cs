using System.Text.Json;
using Marten;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Editing;

public sealed record EditFieldsRequest(long? BaseVersion, Dictionary<string, JsonElement>? Changes);

public sealed record EditFieldsResponse(long Version);

/// <summary>A field someone else changed after the editor's base version, with both values so the user can choose.</summary>
public sealed record FieldConflict(string Field, string Label, JsonElement CurrentValue, JsonElement YourValue, long ChangedAtVersion);

/// <summary>A parsed change: the field and its new value as canonical JSON.</summary>
public sealed record FieldEdit(CaseField Field, string Json);

public static class EditFieldsSlice
{
    public const int MaxChanges = 50;

    /// <summary>Reads the requested changes; unknown fields and values of the wrong type or enum are field errors.</summary>
    public static IReadOnlyList<FieldEdit> Parse(EditFieldsRequest request)
    {
        var errors = new FieldErrors();
        errors.Check(request.BaseVersion is >= 0, "baseVersion", "Send the case version your edit is based on.");
        errors.Check(request.Changes is { Count: > 0 }, "changes", "Send at least one field to change.");
        errors.Check((request.Changes?.Count ?? 0) <= MaxChanges, "changes", $"Send at most {MaxChanges} changes at once.");
        var edits = new List<FieldEdit>();
        foreach (var (path, value) in request.Changes ?? [])
        {
            if (CaseFields.Find(path) is not { } field)
            {
                errors.Add(path, "This field does not exist or cannot be edited.");
                continue;
            }
            try
            {
                edits.Add(new FieldEdit(field, field.ToJson(field.Read(value))));
            }
            catch (JsonException e)
            {
                // Named within the field where the reader could tell (e.g. tumor.priorTherapies[0].intervention).
                var (inner, message) = ApiExceptionHandler.DescribeJsonError(e);
                errors.Add(inner == "body" ? path : inner.StartsWith('[') ? path + inner : $"{path}.{inner}", message);
            }
        }
        errors.ThrowIfAny();
        return edits;
    }

    /// <summary>
    /// Pure rule: refuse the whole edit (409, nothing applied) if any named field was changed by someone after
    /// <paramref name="baseVersion"/> to something else; otherwise validate the resulting case and record only
    /// fields whose value really changes. Returns null when nothing changes (a repeated request is harmless).
    /// </summary>
    public static CaseFieldsEdited? Decide(CaseDetails state, long baseVersion, IReadOnlyList<FieldEdit> edits, Actor actor, DateTimeOffset now)
    {
        if (baseVersion > state.Version)
        {
            throw CommandRejected.Invalid("baseVersion", $"The case is at version {state.Version}; your base version {baseVersion} does not exist yet.");
        }
        var content = state.Content;
        var conflicts = edits
            .Where(e => state.FieldVersions.GetValueOrDefault(e.Field.Path) > baseVersion && e.Field.ToJson(e.Field.Get(content)) != e.Json)
            .Select(e => new FieldConflict(e.Field.Path, e.Field.Label, Parse(e.Field.ToJson(e.Field.Get(content))), Parse(e.Json),
                state.FieldVersions[e.Field.Path]))
            .ToList();
        if (conflicts.Count > 0)
        {
            throw new CommandRejected(RejectionKind.Conflict,
                $"Someone changed {string.Join(", ", conflicts.Select(c => c.Label))} after version {baseVersion}. Choose which value to keep.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = state.Version, ["conflicts"] = conflicts });
        }

        var changes = new List<FieldChange>();
        foreach (var edit in edits)
        {
            var before = edit.Field.ToJson(edit.Field.Get(content));
            if (before != edit.Json)
            {
                content = edit.Field.Set(content, edit.Field.FromJson(edit.Json));
                changes.Add(new FieldChange(edit.Field.Path, before, edit.Json));
            }
        }
        if (changes.Count == 0)
        {
            return null;
        }
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        CaseRules.ValidatePatient(content.Patient, errors, today);
        CaseRules.ValidateTumor(content.Tumor, errors, today);
        CaseRules.ValidateQuestion(content.Question, errors);
        errors.ThrowIfAny("The change would make the case invalid.");
        return new CaseFieldsEdited(state.Id, changes, actor.UserId, now);
    }

    public static Task<EditFieldsResponse> HandleAsync(
        Guid caseId, EditFieldsRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        // The body is validated only after access is checked: a non-member learns nothing, not even what is invalid.
        return CaseWrites.RunAsync(store, user, caseId, requireContributor: true, (_, state, actor) =>
        {
            var edits = Parse(request);
            var edited = Decide(state, request.BaseVersion!.Value, edits, actor, clock.GetUtcNow());
            IReadOnlyList<object> events = edited is null ? [] : [edited];
            return Task.FromResult((events, (Func<long, EditFieldsResponse>)(v => new EditFieldsResponse(v))));
        }, ct);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static void Map(RouteGroupBuilder api) =>
        api.MapPatch("/cases/{id:guid}/fields", (Guid id, EditFieldsRequest request, CurrentUser user, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(id, request, user, store, clock, ct))
            .WithName("EditCaseFields")
            .WithSummary("Change structured fields. 409 lists fields someone else changed after baseVersion, with current values.");
}
