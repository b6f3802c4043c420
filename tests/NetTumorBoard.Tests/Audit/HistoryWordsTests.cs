using NetTumorBoard.Web.Audit.History;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;

namespace NetTumorBoard.Tests.Audit;

/// <summary>A case's history is read by clinicians and auditors: votes and outcomes in words, never an enum's name.</summary>
public sealed class HistoryWordsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(VoteChoice.Support, "Dr. Olga Oncologist voted for")]
    [InlineData(VoteChoice.Oppose, "Dr. Olga Oncologist voted against")]
    [InlineData(VoteChoice.Abstain, "Dr. Olga Oncologist abstained")]
    public void A_vote_reads_as_what_was_voted(VoteChoice choice, string expected)
    {
        var text = CaseHistorySlice.Summarize(new VoteCast(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Dr. Olga Oncologist", Discipline.MedicalOncology, choice, null, false, At));

        Assert.Equal(expected, text);
    }

    [Fact]
    public void A_closed_task_reads_as_its_outcome_and_reason()
    {
        var text = CaseHistorySlice.Summarize(new FollowUpTaskClosed(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), TaskOutcome.NotImplemented,
            NotImplementedReason.PatientPreference, null, Guid.NewGuid(), At));

        Assert.Equal("Follow-up task closed: Not done: patient preference", text);
        Assert.DoesNotContain("NotImplemented", text);
        Assert.Equal("Follow-up task closed: Not done: moved abroad", CaseHistorySlice.Summarize(new FollowUpTaskClosed(Guid.NewGuid(), Guid.NewGuid(),
            Guid.NewGuid(), TaskOutcome.NotImplemented, NotImplementedReason.Other, "moved abroad", Guid.NewGuid(), At)));
    }

    [Fact]
    public void Concordance_reads_in_words_with_its_reason()
    {
        Assert.Equal("Deviates from the guidelines: patient declines PRRT",
            DecisionWords.Concordance(new Concordance(ConcordanceStatus.Deviation, "patient declines PRRT", null)));
        Assert.Equal("Follows the guidelines", DecisionWords.Concordance(new Concordance(ConcordanceStatus.Concordant, null, null)));
        Assert.Equal("2 for · 1 against · 0 abstained", DecisionWords.Tally(new Tally(2, 1, 0)));
    }
}
