using NetTumorBoard.Web.Guidelines.Library;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Guidelines.Curation;

public sealed record ImportResult(int Added, int Revised);

public static class ImportExportSlice
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/guidelines/export", async (GuidelineLibrary library, CancellationToken ct) =>
                TypedResults.Json(await library.ExportAsync(ct), NetTumorBoard.Web.Platform.Http.JsonDefaults.Options))
            .RequireAuthorization(Policies.GuidelineEditor)
            .WithName("ExportGuidelines")
            .WithSummary("The whole library as a library file (GuidelineEditor).");
        api.MapPost("/guidelines/import", async (HttpRequest request, CurrentUser user, GuidelineLibrary library, GuidelineCatalog catalog, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body);
                var json = await reader.ReadToEndAsync(ct);
                var (added, revised) = await library.ImportAsync(json, await user.ActorAsync(), ct);
                catalog.Invalidate();
                return new ImportResult(added, revised);
            })
            .RequireAuthorization(Policies.GuidelineEditor)
            .Accepts<LibraryFile>("application/json")
            .WithName("ImportGuidelines")
            .WithSummary("Import a library file (GuidelineEditor): new records added, changed ones revised; any error imports nothing.");
    }
}
