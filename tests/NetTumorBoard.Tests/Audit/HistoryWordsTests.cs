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

    [Fact]
    public void A_decision_in_the_history_names_its_open_question_and_what_the_work_up_lacked()
    {
        var record = new DecisionRecord
        {
            Intervention = Intervention.Observation, Plan = "CT every 6 months", CaseVersionSeen = 7,
            Concordance = new Concordance(ConcordanceStatus.OpenQuestion, null, "lung-adjuvant", "Adjuvant therapy after resection of a lung NET?"),
            MissingAtDecision = [new("tumor.ecog", "ECOG performance status is missing.")],
        };
        Assert.Equal("Decision: Observation: CT every 6 months (Open question: Adjuvant therapy after resection of a lung NET?; decided on the case as of version 7)."
            + " Work-up incomplete: ECOG performance status is missing.",
            CaseHistorySlice.Summarize(new DecisionRecorded(Guid.NewGuid(), Guid.NewGuid(), record, Guid.NewGuid(), At)));
        // Complete, or from before it was recorded: nothing added.
        Assert.EndsWith("as of version 7)", CaseHistorySlice.Summarize(new DecisionRecorded(Guid.NewGuid(), Guid.NewGuid(), record with { MissingAtDecision = [] }, Guid.NewGuid(), At)));
        Assert.EndsWith("as of version 7)", CaseHistorySlice.Summarize(new DecisionRecorded(Guid.NewGuid(), Guid.NewGuid(), record with { MissingAtDecision = null }, Guid.NewGuid(), At)));
    }

    [Fact]
    public void The_register_names_missing_items_briefly_in_a_sentence()
    {
        Assert.Equal("SSTR imaging out of date, stage group, Ki-67 %, WHO grade, ECOG, question to the board",
            DecisionWords.MissingShort([new("tumor.sstrImaging.date", ""), new("tumor.stageGroup", ""), new("tumor.ki67Percent", ""), new("tumor.whoGrade", ""),
                new("tumor.ecog", ""), new("question", "")]));
    }

    [Theory]
    [InlineData("CAPTEM for 6 cycles, restage after 3", "CAPTEM for 6 cycles, restage after 3")]
    [InlineData("captem x 6", "captem x 6")]
    [InlineData("6 cycles, restage after 3", "CAPTEM: 6 cycles, restage after 3")]
    [InlineData("CAPTEMish regimen", "CAPTEM: CAPTEMish regimen")]
    public void A_plan_names_its_intervention_once(string plan, string expected)
    {
        Assert.Equal(expected, CaseFormat.Plan(Intervention.Captem, [], plan));
        // With a second intervention the label carries more than the text: it stays.
        Assert.StartsWith("CAPTEM + Somatostatin analog: ", CaseFormat.Plan(Intervention.Captem, [Intervention.SomatostatinAnalog], plan));
    }
}
