using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Web.Boards;

public sealed record QuorumGroupStatus(IReadOnlyList<Discipline> Disciplines, IReadOnlyList<string> Voters)
{
    public bool Covered => Voters.Count > 0;
    public string Label => string.Join(" or ", Disciplines.Select(d => d.Display().ToLowerInvariant()));

    /// <summary>"GI/ENDO": the group as the quorum chips and the meeting bar show it.</summary>
    public string Abbreviation => string.Join("/", Disciplines.Select(d => d.Abbreviation()));
}

public sealed record QuorumStatus(bool Met, int Voters, int MinimumVoters, IReadOnlyList<QuorumGroupStatus> Groups, IReadOnlyList<string> Missing);

/// <summary>Pure: is a board's quorum met by the members who voted on a proposal (abstentions count as present)?</summary>
public static class Quorum
{
    public static QuorumStatus Evaluate(Board board, IReadOnlyList<VoteView> votes)
    {
        var groups = board.QuorumGroups
            .Select(g => new QuorumGroupStatus(g, votes.Where(v => g.Contains(v.Discipline)).Select(v => v.Name).Distinct().ToList()))
            .ToList();
        var voters = votes.Select(v => v.UserId).Distinct().Count();
        var missing = groups.Where(g => !g.Covered).Select(g => $"No vote from {g.Label}").ToList();
        if (voters < board.MinimumVoters)
        {
            missing.Add($"{voters} of at least {board.MinimumVoters} members have voted");
        }
        return new QuorumStatus(missing.Count == 0, voters, board.MinimumVoters, groups, missing);
    }
}
