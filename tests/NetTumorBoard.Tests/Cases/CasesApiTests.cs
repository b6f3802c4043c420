using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Cases;

public sealed class CasesApiTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string CasesOfNetBoard = $"/api/boards/{DemoData.NetBoardId}/cases";

    private static object ValidCase(string pseudonym) => new
    {
        patient = new { pseudonym, birthYear = 1970, sex = "Male" },
        tumor = new
        {
            primarySite = "Pancreas", whoGrade = "G2", ki67Percent = 8.5, mitosesPer2mm2 = 3, differentiation = "Well",
            tnm = new { t = "T2", n = "N0", m = "M0" }, stageGroup = "II",
            sstrImaging = new { modality = "Ga68Dotatate", positive = true, date = "2026-10-01" },
            progression = new { status = "Stable" },
            priorTherapies = new[] { new { intervention = "Surgery", start = "2026-01-10", end = "2026-01-10", bestResponse = "NotEvaluable" } },
            ecog = 1, mgmtStatus = "Unknown", resected = true,
        },
        question = "Adjuvant therapy after resection of a G2 panNET?",
    };

    [Fact]
    public async Task A_member_creates_a_case_and_reads_it_back_with_every_field()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var pseudonym = $"API-{Guid.NewGuid():N}"[..12];
        var response = await client.PostAsJsonAsync(CasesOfNetBoard, ValidCase(pseudonym));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(1, created.GetProperty("version").GetInt64());
        Assert.Equal($"/api/cases/{id}", response.Headers.Location!.OriginalString);

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal("Draft", body.GetProperty("status").GetString());
        Assert.Equal(pseudonym, body.GetProperty("patient").GetProperty("pseudonym").GetString());
        var tumor = body.GetProperty("tumor");
        Assert.Equal(8.5m, tumor.GetProperty("ki67Percent").GetDecimal());
        Assert.Equal("T2", tumor.GetProperty("tnm").GetProperty("t").GetString());
        Assert.Equal("2026-10-01", tumor.GetProperty("sstrImaging").GetProperty("date").GetString());
        Assert.Equal("Surgery", tumor.GetProperty("priorTherapies")[0].GetProperty("intervention").GetString());
        Assert.Equal("", body.GetProperty("sections").GetProperty("history").GetProperty("text").GetString());
        Assert.Equal(0, body.GetProperty("proposals").GetArrayLength());

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/cases?boardId={DemoData.NetBoardId}&q={pseudonym}");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_seeded_demo_cases_are_listed_for_members()
    {
        using var client = await app.SignedInAsync("pathologist@demo.local");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/cases?status=Draft");
        var pseudonyms = list.EnumerateArray().Select(c => c.GetProperty("pseudonym").GetString()).ToList();
        Assert.Contains("PAN-2417", pseudonyms);
        Assert.Contains("SIN-0388", pseudonyms);
        Assert.Contains("LUN-1172", pseudonyms);
    }

    [Theory]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"ki67Percent":120}}""", "tumor.ki67Percent")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"mitosesPer2mm2":-1}}""", "tumor.mitosesPer2mm2")]
    [InlineData("""{"patient":{"pseudonym":"X","sex":"Alien"}}""", "patient.sex")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"primarySite":"Spleen"}}""", "tumor.primarySite")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"sstrImaging":{"date":"2999-01-01"}}}""", "tumor.sstrImaging.date")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"progression":{"since":"yesterday"}}}""", "tumor.progression.since")]
    [InlineData("""{"patient":{"pseudonym":""}}""", "patient.pseudonym")]
    [InlineData("""{"patient":{"pseudonym":"X","birthYear":1850}}""", "patient.birthYear")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"primarySite":"Pancreas","histology":"AtypicalCarcinoid"}}""", "tumor.histology")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"tnm":{"t":"<script>"}}}""", "tumor.tnm.t")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"priorTherapies":[{"intervention":"Captem","start":"2026-05-01","end":"2026-01-01"}]}}""", "tumor.priorTherapies[0].end")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"ki67":5}}""", "tumor.ki67")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"priorTherapies":[{"intervention":"SomatostatinAnalog","agent":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}}""", "tumor.priorTherapies[0].agent")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"priorTherapies":[{"start":"2024-01-01"}]}}""", "tumor.priorTherapies[0].intervention")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"tnm":{"t":"T2\n"}}}""", "tumor.tnm.t")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"stageGroup":"IV\n"}}""", "tumor.stageGroup")]
    [InlineData("""{"patient":{"pseudonym":"X"},"tumor":{"ecog":7}}""", "tumor.ecog")]
    public async Task Bad_input_names_the_field_and_creates_nothing(string json, string field)
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/cases")).GetArrayLength();
        var response = await client.PostAsync(CasesOfNetBoard, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ErrorFields());
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/cases")).GetArrayLength());
    }

    [Fact]
    public async Task Oversized_question_is_refused()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var response = await client.PostAsJsonAsync(CasesOfNetBoard, new { patient = new { pseudonym = "LONG-1" }, question = new string('q', 2001) });
        Assert.Contains("question", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_case_of_another_board_is_404_for_non_members_however_they_ask()
    {
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        var demoCase = "/api/cases/0193a000-0000-7000-8000-00000000c001";
        await (await outsider.GetAsync(demoCase)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/cases/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsJsonAsync(CasesOfNetBoard, ValidCase("SNEAK-1"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/cases?boardId={DemoData.NetBoardId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var visible = await outsider.GetFromJsonAsync<JsonElement>("/api/cases");
        Assert.Equal(0, visible.GetArrayLength());
    }

    [Fact]
    public async Task Observers_read_but_cannot_create_cases()
    {
        using var observer = await app.SignedInAsync("observer@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync("/api/cases/0193a000-0000-7000-8000-00000000c002")).StatusCode);
        await (await observer.PostAsJsonAsync(CasesOfNetBoard, ValidCase("OBS-1"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_filters_are_validated()
    {
        using var client = await app.SignedInAsync();
        Assert.Contains("status", (await (await client.GetAsync("/api/cases?status=Finished")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("boardId", (await (await client.GetAsync("/api/cases?boardId=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
