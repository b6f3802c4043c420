using JasperFx.Events.Projections;
using Marten;
using NetTumorBoard.Web.Boards.Creating;
using NetTumorBoard.Web.Boards.Listing;

namespace NetTumorBoard.Web.Boards;

public static class BoardsArea
{
    public static void ConfigureBoards(this StoreOptions options) =>
        options.Projections.Add<BoardProjection>(ProjectionLifecycle.Inline);

    public static void MapBoardsApi(this RouteGroupBuilder api)
    {
        CreateBoardSlice.Map(api);
        ListBoardsSlice.Map(api);
        Membership.ManageMembersSlice.Map(api);
    }
}
