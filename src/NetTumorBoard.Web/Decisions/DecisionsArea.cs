using JasperFx.Events.Projections;
using Marten;
using NetTumorBoard.Web.Decisions.Amending;
using NetTumorBoard.Web.Decisions.Finalizing;
using NetTumorBoard.Web.Decisions.FollowUp;
using NetTumorBoard.Web.Decisions.Register;
using NetTumorBoard.Web.Voting.Casting;
using NetTumorBoard.Web.Voting.Proposing;

namespace NetTumorBoard.Web.Decisions;

/// <summary>Proposals, votes, decisions and their follow-up.</summary>
public static class DecisionsArea
{
    public static void ConfigureDecisions(this StoreOptions options)
    {
        options.Projections.Add<DecisionRegisterProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<FollowUpTaskProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<DecisionEntry>().Index(d => d.BoardId).Index(d => d.OpenQuestionId);
        options.Schema.For<FollowUpTaskEntry>().Index(t => t.BoardId);
    }

    public static void MapDecisionsApi(this RouteGroupBuilder api)
    {
        MakeProposalSlice.Map(api);
        CastVoteSlice.Map(api);
        FinalizeDecisionSlice.Map(api);
        AmendDecisionSlice.Map(api);
        FollowUpTasksSlice.Map(api);
        DecisionRegisterSlice.Map(api);
    }
}
