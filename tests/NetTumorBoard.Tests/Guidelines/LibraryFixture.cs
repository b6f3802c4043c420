using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Guidelines.Library;

namespace NetTumorBoard.Tests.Guidelines;

/// <summary>The shipped library file, read and validated exactly as the app reads it at start.</summary>
public static class ShippedLibrary
{
    public static LibraryFile File { get; } = Load();

    public static IReadOnlyList<Recommendation> Recommendations { get; } = File.Recommendations
        .Select(r => new Recommendation { Id = Recommendation.StreamIdFor(r.Id), Key = r.Id, Content = r.ToContent(), ReviewStatus = r.ReviewStatus, Version = 1 })
        .ToList();

    public static IReadOnlyList<OpenQuestion> OpenQuestions { get; } = File.OpenQuestions.Select(q => q.ToDocument()).ToList();

    public static string Json => System.IO.File.ReadAllText(GuidelineLibrary.SeedPath);

    private static LibraryFile Load()
    {
        var result = LibraryValidator.Read(Json);
        Assert.True(result.Valid, string.Join("\n", result.Errors.SelectMany(e => e.Value)));
        return result.File!;
    }
}
