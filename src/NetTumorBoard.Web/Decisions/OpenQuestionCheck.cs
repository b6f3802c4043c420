using NetTumorBoard.Web.Decisions.Finalizing;
using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Decisions;

/// <summary>A decision may only link to an open question the library knows.</summary>
public static class OpenQuestionCheck
{
    public static async Task RequireKnownAsync(ConcordanceRequest? concordance, GuidelineCatalog catalog, CancellationToken ct)
    {
        if (concordance?.OpenQuestionId?.Trim() is not { Length: > 0 } id)
        {
            return;
        }
        var (_, questions) = await catalog.GetAsync(ct);
        var errors = new FieldErrors();
        errors.Check(questions.Any(q => q.Id == id), "concordance.openQuestionId", $"There is no open question '{id}' in the guideline library.");
        errors.ThrowIfAny();
    }

    /// <summary>Each open question's title by id, to record with a decision that answers one (the record keeps what the library said then).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> TitlesAsync(GuidelineCatalog catalog, CancellationToken ct) =>
        (await catalog.GetAsync(ct)).Questions.ToDictionary(q => q.Id, q => q.Title);
}
