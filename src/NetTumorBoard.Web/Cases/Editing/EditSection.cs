using Marten;
using NetTumorBoard.Web.Cases.Editing.Text;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Editing;

public sealed record EditSectionRequest(long? BaseVersion, string? Text);

public sealed record EditSectionResponse(long Version, string Text);

public static class EditSectionSlice
{
    public static void Validate(string key, EditSectionRequest request)
    {
        if (!SectionKeys.IsKnown(key))
        {
            throw CommandRejected.NotFound($"Section '{key}'");
        }
        var errors = new FieldErrors();
        errors.Check(request.BaseVersion is >= 0, "baseVersion", "Send the case version your text is based on.");
        errors.Check(request.Text is not null, "text", "Send the section's text (it may be empty).");
        errors.Check((request.Text?.Length ?? 0) <= SectionKeys.MaxLength, "text", $"A section holds at most {SectionKeys.MaxLength:N0} characters.");
        errors.Check(request.Text?.Contains('\0') != true, "text", "The text contains a NUL character (U+0000), which cannot be stored; remove it.");
        errors.ThrowIfAny();
    }

    /// <summary>
    /// Pure rule: merge the editor's text (written on <paramref name="baseText"/>) into the section as it is now;
    /// everyone's typing survives. Returns the event (null when nothing changes) and the merged text.
    /// </summary>
    public static (SectionEdited? Event, string Text) Decide(
        CaseDetails state, string key, string baseText, string text, long baseVersion, Actor actor, DateTimeOffset now)
    {
        if (baseVersion > state.Version)
        {
            throw CommandRejected.Invalid("baseVersion", $"The case is at version {state.Version}; your base version {baseVersion} does not exist yet.");
        }
        var current = state.Sections.GetValueOrDefault(key)?.Text ?? "";
        var merged = TextMerge.Merge(baseText, text, current);
        if (merged.Length > SectionKeys.MaxLength)
        {
            throw CommandRejected.Invalid("text", $"Together with the others' edits the section would exceed {SectionKeys.MaxLength:N0} characters; shorten it.");
        }
        return merged == current
            ? (null, current)
            : (new SectionEdited(state.Id, key, TextDelta.Compute(current, merged), baseVersion, actor.UserId, now), merged);
    }

    /// <summary>The section's text as of <paramref name="baseVersion"/>: the current text, with later edits of it undone.</summary>
    public static async Task<string> BaseTextAsync(IDocumentStore store, CaseDetails state, string key, long baseVersion, CancellationToken ct)
    {
        var section = state.Sections.GetValueOrDefault(key) ?? new SectionView("", 0);
        if (section.Version <= baseVersion)
        {
            return section.Text; // the usual case: the stream is read only when the section changed after the editor's base
        }
        await using var session = store.QuerySession();
        var later = await session.Events.FetchStreamAsync(state.Id, fromVersion: baseVersion + 1, token: ct);
        var text = section.Text;
        foreach (var e in later.OrderByDescending(e => e.Version))
        {
            if (e.Data is SectionEdited edit && edit.Section == key && e.Version <= section.Version)
            {
                text = TextDelta.Revert(text, edit.Delta);
            }
        }
        return text;
    }

    /// <summary>The browser editor (through the circuit) and the API both come here; the write is <see cref="SectionAppender"/>'s.</summary>
    public static Task<EditSectionResponse> HandleAsync(
        Guid caseId, string key, EditSectionRequest request, CurrentUser user, SectionAppender appender, TimeProvider clock, CancellationToken ct) =>
        appender.EditAsync(caseId, key, request, user, clock, ct);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/cases/{id:guid}/sections/{key}", (Guid id, string key, EditSectionRequest request, CurrentUser user, SectionAppender appender,
                TimeProvider clock, CancellationToken ct) => HandleAsync(id, key, request, user, appender, clock, ct))
            .WithName("EditCaseSection")
            .WithSummary("Replace a section's text as edited from baseVersion; concurrent edits are merged and the merged text returned.");
}
