using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Listing;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Decisions;
using NetTumorBoard.Web.Decisions.Amending;
using NetTumorBoard.Web.Decisions.Finalizing;
using NetTumorBoard.Web.Decisions.FollowUp;
using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Voting;
using NetTumorBoard.Web.Voting.Casting;
using NetTumorBoard.Web.Voting.Proposing;

namespace NetTumorBoard.Tests.Decisions;

/// <summary>The pure rules of proposing, voting, quorum and decisions, without a database.</summary>
public sealed class DecisionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 16, 0, 0, TimeSpan.Zero);
    private static readonly Board NetBoard = new Board(Guid.NewGuid(), "NET", Board.NetBoardDisciplines, 6, Now) { QuorumGroups = Board.NetBoardQuorum, QuorumDefined = true };
    private static readonly Guid ProposalId = Guid.NewGuid();
    private static readonly Actor Chair = new(Guid.NewGuid(), "Dr. Chair", Discipline.MedicalOncology);

    private static Actor Doctor(Discipline discipline, string name) => new(Guid.NewGuid(), name, discipline);

    private static CaseDetails Case(CaseStatus status = CaseStatus.InDiscussion) => new()
    {
        Id = Guid.NewGuid(), BoardId = NetBoard.Id, Status = status, Version = 5, Patient = new CasePatient("PAN-1"), Tumor = new CaseTumor { PrimarySite = PrimarySite.Pancreas },
        Proposals = [new ProposalView { Id = ProposalId, Intervention = Intervention.Captem, Description = "CAPTEM x 6 cycles" }],
    };

    private static CaseDetails With(CaseDetails c, params VoteCast[] votes) => votes.Aggregate(c, (state, v) => state with
    {
        Proposals = state.Proposals.Select(p => p.Id == v.ProposalId
            ? p with { Votes = [.. p.Votes.Where(x => x.UserId != v.VoterId), new VoteView(v.VoterId, v.VoterName, v.Discipline, v.Choice, v.Comment, v.Provisional, v.At)] }
            : p).ToList(),
    });

    private static VoteCast Vote(CaseDetails c, Actor voter, VoteChoice choice, string? comment = null) =>
        CastVoteSlice.Decide(c, ProposalId, [BoardRole.Member], voter, new CastVoteRequest(choice, comment), Now)!;

    private static CaseDetails FullQuorum(out List<Actor> voters)
    {
        voters =
        [
            Chair, Doctor(Discipline.Surgery, "Dr. S"), Doctor(Discipline.Radiology, "Dr. R"), Doctor(Discipline.Pathology, "Dr. P"),
            Doctor(Discipline.NuclearMedicine, "Dr. N"), Doctor(Discipline.Endocrinology, "Dr. E"),
        ];
        var c = Case();
        foreach (var voter in voters)
        {
            c = With(c, Vote(c, voter, voter.Discipline == Discipline.Surgery ? VoteChoice.Oppose : VoteChoice.Support, voter.Discipline == Discipline.Surgery ? "Would resect first" : null));
        }
        return c;
    }

    private static FinalizeRequest Finalize(string? overrideReason = null, ConcordanceStatus status = ConcordanceStatus.Concordant, string? reason = null) =>
        new(ProposalId, "Progressive bulky disease; CAPTEM per E2211.", new ConcordanceRequest(status, reason, null), overrideReason, null);

    [Fact]
    public void The_latest_vote_counts_and_repeating_it_records_nothing()
    {
        var surgeon = Doctor(Discipline.Surgery, "Dr. S");
        var c = With(Case(), Vote(Case(), surgeon, VoteChoice.Oppose));
        var changed = Vote(c, surgeon, VoteChoice.Support, "After discussion");
        c = With(c, changed);
        Assert.Equal(new Tally(1, 0, 0), c.Proposals[0].Tally);
        Assert.Null(CastVoteSlice.Decide(c, ProposalId, [BoardRole.Member], surgeon, new CastVoteRequest(VoteChoice.Support, "After discussion"), Now));
    }

    [Fact]
    public void Observers_do_not_vote_and_votes_before_the_discussion_are_provisional()
    {
        var observer = Doctor(Discipline.Other, "Otto");
        var rejected = Assert.Throws<CommandRejected>(() => CastVoteSlice.Decide(Case(), ProposalId, [BoardRole.Observer], observer, new CastVoteRequest(VoteChoice.Support, null), Now));
        Assert.Equal(RejectionKind.Forbidden, rejected.Kind);
        Assert.True(Vote(Case(CaseStatus.ReadyForReview), Doctor(Discipline.Radiology, "R"), VoteChoice.Support).Provisional);
        Assert.False(Vote(Case(CaseStatus.InDiscussion), Doctor(Discipline.Radiology, "R"), VoteChoice.Support).Provisional);
    }

    [Fact]
    public void Quorum_needs_every_discipline_group_and_enough_voters()
    {
        var c = Case();
        c = With(c, Vote(c, Chair, VoteChoice.Support), Vote(c, Doctor(Discipline.Surgery, "S"), VoteChoice.Support), Vote(c, Doctor(Discipline.Radiology, "R"), VoteChoice.Abstain));
        var quorum = Quorum.Evaluate(NetBoard, c.Proposals[0].Votes);
        Assert.False(quorum.Met);
        Assert.Contains("No vote from pathology", quorum.Missing);
        Assert.Contains("No vote from gastroenterology or endocrinology", quorum.Missing);
        Assert.Contains("3 of at least 6 members have voted", quorum.Missing);
        Assert.True(Quorum.Evaluate(NetBoard, FullQuorum(out _).Proposals[0].Votes).Met);
    }

    [Fact]
    public void Finalizing_without_quorum_is_refused_naming_what_is_missing_unless_the_chair_overrides_with_a_reason()
    {
        var c = Case();
        c = With(c, Vote(c, Chair, VoteChoice.Support));
        var refused = Assert.Throws<CommandRejected>(() => FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now));
        Assert.Equal(RejectionKind.Conflict, refused.Kind);
        Assert.Contains("No vote from surgery", refused.Message);

        var events = FinalizeDecisionSlice.Decide(c, NetBoard, Finalize("Surgeon on call, agreed by phone"), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now);
        var decision = Assert.IsType<DecisionRecorded>(Assert.Single(events)).Decision;
        Assert.False(decision.QuorumMet);
        Assert.Equal("Surgeon on call, agreed by phone", decision.QuorumOverrideReason);
        Assert.NotEmpty(decision.QuorumMissing);
    }

    [Fact]
    public void A_decision_freezes_plan_dissent_attendees_version_and_attached_snapshots()
    {
        var c = FullQuorum(out var voters) with
        {
            AttachedRecommendations = [new AttachedRecommendation("pannet-captem-preferred-over-tem", 3, "CAPTEM", "ENETS", "2023", Intervention.Captem, Setting.FirstLineMetastatic,
                "text", new Strength(null, null, null), ConsensusStatus.Agreed, [], ReviewStatus.Draft, null, null, Chair.UserId, Now)],
        };
        c = c with { Proposals = c.Proposals.Select(p => p with { RecommendationIds = ["pannet-captem-preferred-over-tem"] }).ToList() };
        var present = new List<Participant> { new(Guid.NewGuid(), "Cora Coordinator", Discipline.Nursing) };
        var events = FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(), [BoardRole.Chair], present, [], Guid.NewGuid(), Chair, Now);
        var record = ((DecisionRecorded)events[0]).Decision;
        Assert.True(record.QuorumMet);
        Assert.Equal("CAPTEM x 6 cycles", record.Plan);
        var dissent = Assert.Single(record.Dissent);
        Assert.Equal(("Dr. S", "Would resect first"), (dissent.Name, dissent.Comment));
        Assert.Equal(7, record.Attendees.Count);
        Assert.Equal(5, record.CaseVersionSeen);
        Assert.Equal("pannet-captem-preferred-over-tem", Assert.Single(record.Recommendations).RecommendationId);
        Assert.Equal(new Tally(5, 1, 0), record.Tally);
    }

    [Fact]
    public void A_decision_records_what_the_work_up_lacked_then_against_the_configured_staleness()
    {
        // Pancreatic case with grade, Ki-67, stage, progression and a question, but no ECOG, and SSTR imaging 7 months old.
        var c = FullQuorum(out _) with
        {
            Tumor = new CaseTumor
            {
                PrimarySite = PrimarySite.Pancreas, WhoGrade = WhoGrade.G2, Ki67Percent = 12, StageGroup = "IV",
                SstrImaging = new SstrImaging(SstrModality.Ga68Dotatate, true, new DateOnly(2026, 4, 20)), Progression = new Progression(ProgressionStatus.Progressive),
            },
            Question = "CAPTEM or PRRT?",
        };
        var record = ((DecisionRecorded)FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)[0]).Decision;
        Assert.Equal(["tumor.sstrImaging.date", "tumor.ecog"], record.MissingAtDecision!.Select(m => m.Field));
        Assert.Equal("SSTR imaging is 7 months old (older than 6); consider repeating it. ECOG performance status is missing.", DecisionWords.MissingAtDecision(record));

        // The board's own staleness rule applies: with 12 months allowed, only ECOG was missing.
        var lenient = ((DecisionRecorded)FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now,
            new NetTumorBoard.Web.Cases.Readiness.ReadinessOptions { SstrMaxAgeMonths = 12 })[0]).Decision;
        Assert.Equal("tumor.ecog", Assert.Single(lenient.MissingAtDecision!).Field);

        // A complete work-up is recorded as such (empty), unlike a decision from before this was kept (null: not known).
        var complete = c with { Tumor = c.Tumor with { Ecog = 1, SstrImaging = new SstrImaging(SstrModality.Ga68Dotatate, true, new DateOnly(2026, 10, 1)) } };
        var full = ((DecisionRecorded)FinalizeDecisionSlice.Decide(complete, NetBoard, Finalize(), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)[0]).Decision;
        Assert.Empty(full.MissingAtDecision!);
        Assert.Null(DecisionWords.MissingAtDecision(full));
        Assert.Null(DecisionWords.MissingAtDecision(new DecisionRecord()));
    }

    [Fact]
    public void A_decision_on_an_open_question_keeps_the_question_s_title_as_the_library_had_it()
    {
        var c = FullQuorum(out _);
        var titles = new Dictionary<string, string> { ["lung-adjuvant"] = "Adjuvant therapy after resection of a lung NET?" };
        var request = Finalize() with { Concordance = new ConcordanceRequest(ConcordanceStatus.OpenQuestion, null, " lung-adjuvant ") };
        var record = ((DecisionRecorded)FinalizeDecisionSlice.Decide(c, NetBoard, request, [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now, null, titles)[0]).Decision;
        Assert.Equal(new Concordance(ConcordanceStatus.OpenQuestion, null, "lung-adjuvant", "Adjuvant therapy after resection of a lung NET?"), record.Concordance);
        Assert.Equal("Open question: Adjuvant therapy after resection of a lung NET?", DecisionWords.Concordance(record.Concordance));
        // Recorded before titles were kept: the id, as before.
        Assert.Equal("Open question (lung-adjuvant)", DecisionWords.Concordance(record.Concordance with { OpenQuestionTitle = null }));

        var decided = c with { Decision = new DecisionView { Id = Guid.NewGuid(), Record = record } };
        var amended = AmendDecisionSlice.DecideAmendment(decided, new AmendRequest("Reclassified", null, new ConcordanceRequest(ConcordanceStatus.OpenQuestion, "  ", "lung-adjuvant"), null),
            [BoardRole.Chair], Chair, Now, titles);
        Assert.Equal(new Concordance(ConcordanceStatus.OpenQuestion, null, "lung-adjuvant", "Adjuvant therapy after resection of a lung NET?"), amended.Amendment.Concordance);
    }

    [Fact]
    public void Only_the_chair_finalizes_once_and_concordance_must_be_explained()
    {
        var c = FullQuorum(out _);
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(), [BoardRole.Member], [], [], Guid.NewGuid(), Chair, Now)).Kind);
        var deviation = Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(status: ConcordanceStatus.Deviation), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now));
        Assert.Contains("concordance.reason", deviation.Errors.Keys);
        var openQuestion = Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, Finalize(status: ConcordanceStatus.OpenQuestion), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now));
        Assert.Contains("concordance.openQuestionId", openQuestion.Errors.Keys);

        var decided = c with { Decision = new DecisionView { Id = Guid.NewGuid() } };
        Assert.Equal(RejectionKind.Conflict, Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(decided, NetBoard, Finalize(), [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)).Kind);
        Assert.Equal(RejectionKind.Conflict, Assert.Throws<CommandRejected>(() => Vote(decided, Chair, VoteChoice.Oppose)).Kind);
    }

    [Fact]
    public void Amendments_and_retractions_are_new_events_with_reason_and_author_and_leave_the_record_unchanged()
    {
        var record = new DecisionRecord { Rationale = "Original rationale", Plan = "CAPTEM" };
        var c = FullQuorum(out _) with { Decision = new DecisionView { Id = Guid.NewGuid(), Record = record } };
        Assert.Contains("reason", Assert.Throws<CommandRejected>(() =>
            AmendDecisionSlice.DecideAmendment(c, new AmendRequest(null, "New", null, null), [BoardRole.Chair], Chair, Now)).Errors.Keys);
        var amended = AmendDecisionSlice.DecideAmendment(c, new AmendRequest("Typo in dose", "Corrected rationale", null, null), [BoardRole.Chair], Chair, Now);
        Assert.Equal(Chair.UserId, amended.By);
        var view = c.Decision! with { Amendments = [amended.Amendment] };
        Assert.Equal("Corrected rationale", view.CurrentRationale);
        Assert.Equal("Original rationale", view.Record.Rationale);
        Assert.Equal(RejectionKind.Forbidden, Assert.Throws<CommandRejected>(() =>
            AmendDecisionSlice.DecideRetraction(c, new RetractRequest("Wrong patient"), [BoardRole.Member], Chair, Now)).Kind);
        Assert.Equal("Wrong patient", AmendDecisionSlice.DecideRetraction(c, new RetractRequest("Wrong patient"), [BoardRole.Chair], Chair, Now).Reason);
    }

    [Fact]
    public void A_proposal_without_an_attached_recommendation_needs_an_off_guideline_rationale()
    {
        var c = Case();
        var rejected = Assert.Throws<CommandRejected>(() =>
            MakeProposalSlice.Decide(c, new MakeProposalRequest(Intervention.PrrtLu177, null, "PRRT now", null, null), Guid.NewGuid(), Chair, Now));
        Assert.Contains("offGuidelineRationale", rejected.Errors.Keys);
        var unattached = Assert.Throws<CommandRejected>(() =>
            MakeProposalSlice.Decide(c, new MakeProposalRequest(Intervention.PrrtLu177, null, "PRRT now", ["pannet-prrt-positioning"], null), Guid.NewGuid(), Chair, Now));
        Assert.Contains("recommendationIds", unattached.Errors.Keys);
        var made = MakeProposalSlice.Decide(c, new MakeProposalRequest(Intervention.PrrtLu177, [Intervention.SomatostatinAnalog, Intervention.PrrtLu177], "PRRT with SSA",
            null, "Patient declines chemotherapy after counselling"), Guid.NewGuid(), Chair, Now);
        Assert.Equal([Intervention.SomatostatinAnalog], made.AdditionalInterventions);
    }

    [Fact]
    public void A_task_not_implemented_needs_a_reason_and_closes_once()
    {
        var taskId = Guid.NewGuid();
        var c = Case() with { FollowUpTasks = [new FollowUpTaskView(taskId, Guid.NewGuid(), "Start CAPTEM", Chair.UserId, "Dr. Chair", new DateOnly(2026, 12, 10), Now)] };
        Assert.Contains("reason", Assert.Throws<CommandRejected>(() =>
            FollowUpTasksSlice.DecideClose(c, taskId, new CloseTaskRequest(TaskOutcome.NotImplemented, null, null), Chair, Now)).Errors.Keys);
        var closed = FollowUpTasksSlice.DecideClose(c, taskId, new CloseTaskRequest(TaskOutcome.NotImplemented, NotImplementedReason.PatientPreference, null), Chair, Now);
        var done = c with { FollowUpTasks = [c.FollowUpTasks[0] with { Outcome = closed.Outcome }] };
        Assert.Equal(RejectionKind.Conflict, Assert.Throws<CommandRejected>(() =>
            FollowUpTasksSlice.DecideClose(done, taskId, new CloseTaskRequest(TaskOutcome.Implemented, null, null), Chair, Now)).Kind);
    }

    /// <summary>What is in force must never be blank or unbounded: the same rules when recording and when amending.</summary>
    [Theory]
    [InlineData("blank rationale", "rationale")]
    [InlineData("blank plan", "plan")]
    [InlineData("long rationale", "rationale")]
    [InlineData("long reason", "reason")]
    public void An_amendment_may_not_blank_the_decision_in_force_nor_exceed_the_limits(string problem, string field)
    {
        var c = FullQuorum(out _) with { Decision = new DecisionView { Id = Guid.NewGuid(), Record = new DecisionRecord { Rationale = "Original", Plan = "CAPTEM" } } };
        var request = problem switch
        {
            "blank rationale" => new AmendRequest("Typo", "   ", null, null),
            "blank plan" => new AmendRequest("Typo", null, null, ""),
            "long rationale" => new AmendRequest("Typo", new string('r', 4_001), null, null),
            _ => new AmendRequest(new string('w', 2_001), "Corrected", null, null),
        };
        var rejected = Assert.Throws<CommandRejected>(() => AmendDecisionSlice.DecideAmendment(c, request, [BoardRole.Chair], Chair, Now));
        Assert.Contains(field, rejected.Errors.Keys);
    }

    [Fact]
    public void An_empty_follow_up_task_or_an_unbounded_reason_is_named_not_a_crash()
    {
        var c = FullQuorum(out _);
        var withNull = Finalize() with { FollowUpTasks = [null!] };
        Assert.Contains("followUpTasks[0]", Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, withNull, [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)).Errors.Keys);
        var many = Finalize() with { FollowUpTasks = Enumerable.Range(0, FinalizeDecisionSlice.MaxTasks + 1).Select(_ => new FollowUpTaskRequest("x", Chair.UserId, new DateOnly(2026, 12, 1))).ToList() };
        Assert.Contains("followUpTasks", Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, many, [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)).Errors.Keys);
        var longDeviation = Finalize(status: ConcordanceStatus.Deviation, reason: new string('d', 2_001));
        Assert.Contains("concordance.reason", Assert.Throws<CommandRejected>(() =>
            FinalizeDecisionSlice.Decide(c, NetBoard, longDeviation, [BoardRole.Chair], [], [], Guid.NewGuid(), Chair, Now)).Errors.Keys);
        Assert.Contains("reason", Assert.Throws<CommandRejected>(() =>
            AmendDecisionSlice.DecideRetraction(c with { Decision = new DecisionView { Id = Guid.NewGuid() } }, new RetractRequest(new string('w', 2_001)), [BoardRole.Chair], Chair, Now)).Errors.Keys);
    }
}
