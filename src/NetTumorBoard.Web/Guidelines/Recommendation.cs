using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Web.Guidelines;

/// <summary>The current version of a recommendation (inline projection of its stream); older versions are replayed.</summary>
[StreamKind("recommendation")]
public sealed record Recommendation
{
    public Guid Id { get; init; }
    public string Key { get; init; } = "";
    public RecommendationContent Content { get; init; } = new();
    public ReviewStatus ReviewStatus { get; init; }
    public Guid? VerifiedBy { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public string? VerificationNote { get; init; }
    public string? SeedHash { get; init; }
    public bool EditedAfterSeed { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string SearchText { get; init; } = "";
    public long Version { get; set; }

    /// <summary>The stream id of a recommendation key: stable, so the library file, imports and links agree.</summary>
    public static Guid StreamIdFor(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ntb-recommendation:" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static Recommendation Create(IEvent<RecommendationAdded> e) => new()
    {
        Id = e.Data.StreamId,
        Key = e.Data.Key,
        Content = e.Data.Content,
        ReviewStatus = ReviewStatus.Draft,
        SeedHash = e.Data.SeedHash,
        EditedAfterSeed = e.Data.SeedHash is null,
        UpdatedAt = e.Data.At,
        SearchText = SearchTextOf(e.Data.Key, e.Data.Content),
        Version = e.Version,
    };

    public static Recommendation Apply(IEvent<RecommendationRevised> e, Recommendation r) => r with
    {
        Content = e.Data.Content,
        ReviewStatus = ReviewStatus.Draft,
        VerifiedBy = null,
        VerifiedAt = null,
        VerificationNote = null,
        SeedHash = e.Data.SeedHash ?? r.SeedHash,
        EditedAfterSeed = e.Data.SeedHash is null,
        UpdatedAt = e.Data.At,
        SearchText = SearchTextOf(r.Key, e.Data.Content),
        Version = e.Version,
    };

    public static Recommendation Apply(IEvent<RecommendationVerified> e, Recommendation r) => r with
    {
        ReviewStatus = ReviewStatus.Verified,
        VerifiedBy = e.Data.By,
        VerifiedAt = e.Data.At,
        VerificationNote = e.Data.Note,
        UpdatedAt = e.Data.At,
        Version = e.Version,
    };

    private static string SearchTextOf(string key, RecommendationContent c) => string.Join(' ',
        new[] { key, c.Title, c.Guideline, c.GuidelineVersion, c.Scope, c.Text, c.Intervention.ToString(), c.Setting.ToString(), c.Consensus.Summary }
            .Concat(c.KeyEvidence.Select(k => $"{k.Trial} {k.Result}"))
            .Concat(c.Consensus.Positions.Select(p => p.Position)));
}

/// <summary>Open questions and citations are reference data loaded from the library file (documents, not streams).</summary>
public sealed record OpenQuestion
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
}

public sealed record CitationDocument
{
    public string Id { get; init; } = "";
    public Citation Citation { get; init; } = new("", "", null, null, null, Verification.Memory, null);
}
