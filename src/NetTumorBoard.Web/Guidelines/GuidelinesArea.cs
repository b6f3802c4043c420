using JasperFx.Events.Projections;
using Marten;
using NetTumorBoard.Web.Guidelines.Attaching;
using NetTumorBoard.Web.Guidelines.Browsing;
using NetTumorBoard.Web.Guidelines.Curation;
using NetTumorBoard.Web.Guidelines.Library;
using NetTumorBoard.Web.Guidelines.Matching;
using NetTumorBoard.Web.Guidelines.OpenQuestions;

namespace NetTumorBoard.Web.Guidelines;

public static class GuidelinesArea
{
    public static WebApplicationBuilder AddGuidelines(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GuidelineLibrary>();
        builder.Services.AddSingleton<GuidelineCatalog>();
        return builder;
    }

    public static void ConfigureGuidelines(this StoreOptions options)
    {
        options.Projections.Snapshot<Recommendation>(SnapshotLifecycle.Inline);
        options.Schema.For<Recommendation>().FullTextIndex("english", r => r.SearchText);
        options.Schema.For<OpenQuestion>().Identity(q => q.Id);
        options.Schema.For<CitationDocument>().Identity(c => c.Id);
    }

    public static void MapGuidelinesApi(this RouteGroupBuilder api)
    {
        ImportExportSlice.Map(api);
        ListGuidelinesSlice.Map(api);
        ViewRecommendationSlice.Map(api);
        EditRecommendationSlice.Map(api);
        ListOpenQuestionsSlice.Map(api);
        SuggestionsSlice.Map(api);
        AttachRecommendationSlice.Map(api);
    }
}
