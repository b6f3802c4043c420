using JasperFx.Events.Projections;
using Marten;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Cases.Viewing;

namespace NetTumorBoard.Web.Cases;

public static class CasesArea
{
    public static void ConfigureCases(this StoreOptions options)
    {
        options.Projections.Add<CaseSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CaseSummary>().Index(c => c.BoardId);
    }

    public static void MapCasesApi(this RouteGroupBuilder api)
    {
        CreateCaseSlice.Map(api);
        ListCasesSlice.Map(api);
        ViewCaseSlice.Map(api);
    }
}
