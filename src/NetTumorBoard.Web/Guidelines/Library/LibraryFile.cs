using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NetTumorBoard.Web.Platform.Http;

namespace NetTumorBoard.Web.Guidelines.Library;

/// <summary>
/// The guideline library as a file (docs/guideline-library.md describes it): the seed in
/// Guidelines/Library/net-library.json, and the import/export format.
/// </summary>
public sealed record LibraryFile
{
    public int SchemaVersion { get; init; } = 1;
    public string LibraryVersion { get; init; } = "";
    public string? Source { get; init; }
    public IReadOnlyList<Citation> Citations { get; init; } = [];
    public IReadOnlyList<LibraryRecommendation> Recommendations { get; init; } = [];
    public IReadOnlyList<OpenQuestionRecord> OpenQuestions { get; init; } = [];
}

public sealed record LibraryRecommendation : RecommendationContent
{
    public string Id { get; init; } = "";
    public ReviewStatus ReviewStatus { get; init; }

    /// <summary>Only the content (what versions are made of), without id and review status.</summary>
    public RecommendationContent ToContent() =>
        JsonSerializer.Deserialize<RecommendationContent>(JsonSerializer.Serialize<RecommendationContent>(this, JsonDefaults.Options), JsonDefaults.Options)!;

    public static LibraryRecommendation From(Recommendation r) =>
        JsonSerializer.Deserialize<LibraryRecommendation>(JsonSerializer.Serialize(r.Content, JsonDefaults.Options), JsonDefaults.Options)!
            with { Id = r.Key, ReviewStatus = r.ReviewStatus };

    /// <summary>Identifies a content version, to tell whether the library file changed a record since it was loaded.</summary>
    public static string HashOf(RecommendationContent content) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(content, JsonDefaults.Options))))[..32];
}

public sealed record OpenQuestionRecord
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Question { get; init; } = "";
    public string Context { get; init; } = "";
    public IReadOnlyList<GuidelinePosition> Positions { get; init; } = [];
    public IReadOnlyList<KeyEvidence> Evidence { get; init; } = [];
    public IReadOnlyList<string> Citations { get; init; } = [];
    public IReadOnlyList<string> RecommendationIds { get; init; } = [];
    public Applicability Applies { get; init; } = new();
    public ReviewStatus ReviewStatus { get; init; }

    public OpenQuestion ToDocument() => new()
    {
        Id = Id, Title = Title, Question = Question, Context = Context, Positions = Positions, Evidence = Evidence,
        Citations = Citations, RecommendationIds = RecommendationIds, Applies = Applies, ReviewStatus = ReviewStatus,
    };
}
