using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Boards.Creating;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Http;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Startup;

namespace NetTumorBoard.Tests.Cases;

/// <summary>The pure rules, without a database.</summary>
public sealed class CreateCaseDecisionTests
{
    private static readonly Actor Oncologist = new(Guid.CreateVersion7(), "Dr. O", Discipline.MedicalOncology);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_valid_case_becomes_one_event_with_actor_time_and_trimmed_values()
    {
        var request = new CreateCaseRequest(new CasePatient("  PAN-1  ", 1960, Sex.Female), null, "  CAPTEM or PRRT?  ");
        var created = CreateCaseSlice.Decide(request, Guid.CreateVersion7(), Guid.CreateVersion7(), Oncologist, Now);
        Assert.Equal("PAN-1", created.Patient.Pseudonym);
        Assert.Equal("CAPTEM or PRRT?", created.Question);
        Assert.Empty(created.Tumor.PriorTherapies);
        Assert.Equal(Oncologist.UserId, created.By);
        Assert.Equal(Now, created.At);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var request = new CreateCaseRequest(new CasePatient("", 2027),
            new CaseTumor { PrimarySite = PrimarySite.Lung, WhoGrade = WhoGrade.G2, Ki67Percent = -1, HepaticTumorBurdenPercent = 101, StageGroup = "V" },
            new string('x', CaseRules.MaxQuestionLength + 1));
        var rejected = Assert.Throws<CommandRejected>(() => CreateCaseSlice.Decide(request, Guid.NewGuid(), Guid.NewGuid(), Oncologist, Now));
        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Equal(
            new[] { "patient.pseudonym", "patient.birthYear", "question", "tumor.hepaticTumorBurdenPercent", "tumor.ki67Percent", "tumor.stageGroup", "tumor.whoGrade" }.Order().ToArray(),
            rejected.Errors.Keys.Order().ToArray());
    }

    [Theory]
    [InlineData("T1", "N0", "M0", "I")]
    [InlineData("T2a", "N2", "M0", "IIIA")]
    [InlineData("T3", "N1", "M1c2", "IV")]
    [InlineData("Tx", "Nx", "M1a", "IIb")]
    [InlineData("T4(m)", "N2b", "M1b", "IIIB")]
    public void Staging_as_written_by_pathologists_is_accepted(string t, string n, string m, string stage)
    {
        var request = new CreateCaseRequest(new CasePatient("P"), new CaseTumor { Tnm = new Tnm(t, n, m), StageGroup = stage }, null);
        Assert.Equal(t, CreateCaseSlice.Decide(request, Guid.NewGuid(), Guid.NewGuid(), Oncologist, Now).Tumor.Tnm!.T);
    }

    [Fact]
    public void A_board_without_disciplines_gets_the_NET_board_quorum()
    {
        var created = CreateBoardSlice.Decide(new CreateBoard("Board A", null, null), Guid.NewGuid(), Oncologist, Now, ["Other board"]);
        Assert.Equal(Board.NetBoardDisciplines, created.RequiredDisciplines);
        Assert.Equal(Board.NetBoardDisciplines.Count, created.MinimumVoters);
        var rejected = Assert.Throws<CommandRejected>(() => CreateBoardSlice.Decide(new CreateBoard("board a", null, 0), Guid.NewGuid(), Oncologist, Now, ["Board A"]));
        Assert.Equal(["minimumVoters", "name"], rejected.Errors.Keys.Order());
    }

    [Theory]
    [InlineData("postgres://ntb:s%40cret@db.example.org:6543/boards?sslmode=require", "db.example.org", 6543, "boards", "ntb", "s@cret")]
    [InlineData("postgresql://ntb@localhost/nettumorboard", "localhost", 5432, "nettumorboard", "ntb", null)]
    public void Database_urls_become_connection_strings(string url, string host, int port, string database, string user, string? password)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseEndpoint.FromUrl(url));
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void A_malformed_database_url_is_a_startup_failure_not_a_crash()
    {
        Assert.Throws<StartupFailure>(() => DatabaseEndpoint.FromUrl("postgres://"));
    }
}
