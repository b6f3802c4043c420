using Marten;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Guidelines.Library;

/// <summary>
/// Loads the library file at start (idempotent: new records are added, records the file changed are revised unless
/// an editor has changed them since), and imports and exports the library as a whole.
/// </summary>
public sealed class GuidelineLibrary(IDocumentStore store, TimeProvider clock, ILogger<GuidelineLibrary> logger)
{
    public const string SeedFile = "Guidelines/Library/net-library.json";

    public static string SeedPath => Path.Combine(AppContext.BaseDirectory, SeedFile);

    public async Task SeedAsync(CancellationToken ct)
    {
        var result = LibraryValidator.Read(await File.ReadAllTextAsync(SeedPath, ct));
        if (!result.Valid)
        {
            throw new InvalidOperationException($"{SeedFile} is invalid: " + string.Join("; ", result.Errors.SelectMany(e => e.Value).Take(5)));
        }
        var (added, revised) = await WriteAsync(result.File!, Actor.System, fromSeed: true, ct);
        if (added + revised > 0)
        {
            logger.LogInformation("Guideline library {Version}: {Added} recommendations added, {Revised} revised", result.File!.LibraryVersion, added, revised);
        }
    }

    /// <summary>Imports a library file as one transaction; any problem refuses the whole file (400 naming record and field).</summary>
    public async Task<(int Added, int Revised)> ImportAsync(string json, Actor editor, CancellationToken ct)
    {
        var result = LibraryValidator.Read(json);
        if (!result.Valid)
        {
            var first = result.Errors.SelectMany(e => e.Value).FirstOrDefault() ?? "The file is not a library file.";
            throw new CommandRejected(RejectionKind.Invalid, $"Nothing was imported. {first}", result.Errors);
        }
        return await WriteAsync(result.File!, editor, fromSeed: false, ct);
    }

    public async Task<LibraryFile> ExportAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var recommendations = await session.Query<Recommendation>().OrderBy(r => r.Key).ToListAsync(ct);
        var citations = await session.Query<CitationDocument>().OrderBy(c => c.Id).ToListAsync(ct);
        var questions = await session.Query<OpenQuestion>().OrderBy(q => q.Id).ToListAsync(ct);
        return new LibraryFile
        {
            SchemaVersion = 1,
            LibraryVersion = $"export-{clock.GetUtcNow():yyyy-MM-dd}",
            Source = "Exported from NetTumorBoard",
            Citations = citations.Select(c => c.Citation).ToList(),
            Recommendations = recommendations.Select(LibraryRecommendation.From).ToList(),
            OpenQuestions = questions.Select(q => new OpenQuestionRecord
            {
                Id = q.Id, Title = q.Title, Question = q.Question, Context = q.Context, Positions = q.Positions, Evidence = q.Evidence,
                Citations = q.Citations, RecommendationIds = q.RecommendationIds, Applies = q.Applies, ReviewStatus = q.ReviewStatus,
            }).ToList(),
        };
    }

    private async Task<(int Added, int Revised)> WriteAsync(LibraryFile file, Actor actor, bool fromSeed, CancellationToken ct)
    {
        await using var session = store.OpenSession(actor);
        var now = clock.GetUtcNow();
        foreach (var citation in file.Citations)
        {
            session.Store(new CitationDocument { Id = citation.Key, Citation = citation });
        }
        foreach (var question in file.OpenQuestions)
        {
            session.Store(question.ToDocument());
        }
        var ids = file.Recommendations.Select(r => Recommendation.StreamIdFor(r.Id)).ToArray();
        var existing = (await session.LoadManyAsync<Recommendation>(ct, ids)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        int added = 0, revised = 0;
        foreach (var record in file.Recommendations)
        {
            var content = record.ToContent();
            var hash = LibraryRecommendation.HashOf(content);
            var streamId = Recommendation.StreamIdFor(record.Id);
            var source = fromSeed ? "library" : "import";
            var seedHash = fromSeed ? hash : null;
            if (!existing.TryGetValue(record.Id, out var current))
            {
                session.Events.StartStream<Recommendation>(streamId, new RecommendationAdded(streamId, record.Id, content, source, seedHash, actor.UserId, now));
                added++;
            }
            else if (fromSeed ? current.SeedHash != hash && !current.EditedAfterSeed : LibraryRecommendation.HashOf(current.Content) != hash)
            {
                session.Events.Append(streamId, new RecommendationRevised(streamId, record.Id, content, source, seedHash,
                    fromSeed ? "Library file updated" : "Imported", actor.UserId, now));
                revised++;
            }
            else
            {
                continue;
            }
            if (!fromSeed && record.ReviewStatus == ReviewStatus.Verified)
            {
                session.Events.Append(streamId, new RecommendationVerified(streamId, record.Id,
                    record.ReviewNote is { Length: > 0 } note ? $"Imported as verified: {note}" : "Imported as verified (the file gave no note of what was checked)", actor.UserId, now));
            }
        }
        await session.SaveChangesAsync(ct);
        return (added, revised);
    }
}
