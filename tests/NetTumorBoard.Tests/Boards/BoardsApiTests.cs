using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Boards;

public sealed class BoardsApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_member_sees_the_NET_board_with_its_members_and_required_disciplines()
    {
        using var client = await app.SignedInAsync("surgeon@demo.local");
        var response = await client.GetAsync("/api/boards");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var boards = await response.Content.ReadFromJsonAsync<JsonElement>();
        var board = Assert.Single(boards.EnumerateArray());
        Assert.Equal(DemoData.NetBoardName, board.GetProperty("name").GetString());
        Assert.Contains("NuclearMedicine", board.GetProperty("requiredDisciplines").EnumerateArray().Select(d => d.GetString()));
        var members = board.GetProperty("members").EnumerateArray().ToList();
        Assert.Contains(members, m => m.GetProperty("name").GetString() == "Dr. Clara Chair"
            && m.GetProperty("discipline").GetString() == "MedicalOncology"
            && m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "Chair"));
        Assert.DoesNotContain(members, m => m.GetProperty("name").GetString() == "Dr. Olga Outsider");
    }

    [Fact]
    public async Task The_outsider_sees_only_the_lung_board()
    {
        using var client = await app.SignedInAsync("outsider@demo.local");
        var boards = await client.GetFromJsonAsync<JsonElement>("/api/boards");
        Assert.Equal([DemoData.LungBoardName], boards.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_admin_creates_a_board_and_becomes_its_chair()
    {
        using var client = await app.SignedInAsync("admin@demo.local");
        var name = $"Thoracic NET board {Guid.NewGuid():N}"[..30];
        var response = await client.PostAsJsonAsync("/api/boards", new { name, requiredDisciplines = new[] { "Pulmonology", "Surgery" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var boards = await client.GetFromJsonAsync<JsonElement>("/api/boards");
        var created = Assert.Single(boards.EnumerateArray(), b => b.GetProperty("id").GetGuid() == id);
        Assert.Equal(2, created.GetProperty("minimumVoters").GetInt32());
        var admin = Assert.Single(created.GetProperty("members").EnumerateArray());
        Assert.Equal(["Chair", "Coordinator"], admin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Board_creation_with_a_blank_or_duplicate_name_names_the_field_and_creates_nothing()
    {
        using var client = await app.SignedInAsync("admin@demo.local");
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/boards")).GetArrayLength();

        var blank = await client.PostAsJsonAsync("/api/boards", new { name = "  " });
        Assert.Contains("name", (await blank.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var duplicate = await client.PostAsJsonAsync("/api/boards", new { name = DemoData.NetBoardName });
        Assert.Contains("name", (await duplicate.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var unknownDiscipline = await client.PostAsJsonAsync("/api/boards", new { name = "X board", requiredDisciplines = new[] { "Astrology" } });
        Assert.Contains("requiredDisciplines[0]", (await unknownDiscipline.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());

        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/boards")).GetArrayLength());
    }

    [Fact]
    public async Task Only_admins_create_boards()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var response = await client.PostAsJsonAsync("/api/boards", new { name = "Chair's own board" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
