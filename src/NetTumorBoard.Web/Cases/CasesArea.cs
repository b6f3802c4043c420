using JasperFx.Events.Projections;
using Marten;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Cases.Editing;
using NetTumorBoard.Web.Cases.Lifecycle;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Cases.Readiness;
using NetTumorBoard.Web.Cases.Viewing;

namespace NetTumorBoard.Web.Cases;

public static class CasesArea
{
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ReadinessOptions>(builder.Configuration.GetSection(ReadinessOptions.Section));
        builder.Services.AddSingleton<Editing.SectionAppender>();
        return builder;
    }

    public static void ConfigureCases(this StoreOptions options)
    {
        options.Projections.Snapshot<CaseDetails>(SnapshotLifecycle.Inline);
        options.Projections.Add<CaseSummaryProjection>(ProjectionLifecycle.Inline);
        CaseSnapshots.Configure(options);
        options.Schema.For<CaseSummary>().Index(c => c.BoardId).Index(c => c.PreviousCaseId);
    }

    public static void MapCasesApi(this RouteGroupBuilder api)
    {
        CreateCaseSlice.Map(api);
        ListCasesSlice.Map(api);
        ViewCaseSlice.Map(api);
        EditFieldsSlice.Map(api);
        EditSectionSlice.Map(api);
        ChangeStatusSlice.Map(api);
        RediscussSlice.Map(api);
        ReadinessCheck.Map(api);
    }
}
