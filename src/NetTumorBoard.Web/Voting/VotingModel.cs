using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Voting;

public enum VoteChoice { Support, Oppose, Abstain }

public sealed record Tally(int Support, int Oppose, int Abstain)
{
    public int Total => Support + Oppose + Abstain;

    public static Tally Of(IEnumerable<VoteView> votes)
    {
        var list = votes.ToList();
        return new Tally(list.Count(v => v.Choice == VoteChoice.Support), list.Count(v => v.Choice == VoteChoice.Oppose), list.Count(v => v.Choice == VoteChoice.Abstain));
    }
}

/// <summary>A member's current vote on a proposal (the latest they cast).</summary>
public sealed record VoteView(Guid UserId, string Name, Discipline Discipline, VoteChoice Choice, string? Comment, bool Provisional, DateTimeOffset At);

/// <summary>A treatment plan put to the vote.</summary>
public sealed record ProposalView
{
    public Guid Id { get; init; }
    public Intervention Intervention { get; init; }
    public IReadOnlyList<Intervention> AdditionalInterventions { get; init; } = [];
    public string Description { get; init; } = "";
    public IReadOnlyList<string> RecommendationIds { get; init; } = [];
    public string? OffGuidelineRationale { get; init; }
    public Guid ProposedBy { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
    public bool Withdrawn { get; init; }
    public IReadOnlyList<VoteView> Votes { get; init; } = [];
    public Tally Tally => Tally.Of(Votes);
}
