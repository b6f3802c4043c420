namespace NetTumorBoard.Web.Guidelines;

// Recommendation streams: every change is a new version; old versions stay readable by replaying to them.

/// <summary>A recommendation entered the library. <paramref name="Source"/>: library file, editor or import.</summary>
public sealed record RecommendationAdded(Guid StreamId, string Key, RecommendationContent Content, string Source, string? SeedHash, Guid By, DateTimeOffset At);

/// <summary>New content for a recommendation (its review starts again: a revised text is a draft until verified).</summary>
public sealed record RecommendationRevised(Guid StreamId, string Key, RecommendationContent Content, string Source, string? SeedHash, string? Reason, Guid By, DateTimeOffset At);

/// <summary>A guideline editor checked this version against the guideline text.</summary>
public sealed record RecommendationVerified(Guid StreamId, string Key, string? Note, Guid By, DateTimeOffset At);
