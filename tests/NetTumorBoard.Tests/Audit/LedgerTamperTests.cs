using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Audit;

/// <summary>Tampering with stored events by SQL, behind the app's back, is caught by the ledger check.</summary>
public sealed class LedgerTamperTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<Guid> CaseWithHistoryAsync(HttpClient client)
    {
        var id = await client.CreateCaseAsync(new { primarySite = "Pancreas", ki67Percent = 12 }, "CAPTEM?");
        var (v, _) = await client.PutSectionOkAsync(id, "history", 1, "Lanreotide since 2023.");
        (v, _) = await client.PutSectionOkAsync(id, "history", v, "Lanreotide since 2023. Progression in 2026.");
        await client.PutSectionOkAsync(id, "imaging", v, "68Ga-DOTATATE PET: avid liver lesions.");
        return id;
    }

    private async Task SqlAsync(string sql, Guid stream)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", stream);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");

    [Fact]
    public async Task An_untouched_case_verifies()
    {
        using var chair = await app.SignedInAsync();
        var id = await CaseWithHistoryAsync(chair);
        var result = await VerifyAsync(chair, id);
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Equal(4, result.GetProperty("checkedEvents").GetInt64());
    }

    [Fact]
    public async Task Altering_an_event_is_caught_at_its_version()
    {
        using var chair = await app.SignedInAsync();
        var id = await CaseWithHistoryAsync(chair);
        var before = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/history"); // the history's body cache is warm now
        Assert.Equal("Lanreotide since 2023.", before[1].GetProperty("diff").GetProperty("changes")[0].GetProperty("text").GetString());
        await SqlAsync("update ntb.mt_events set data = jsonb_set(data, '{delta}', '\"+Nothing%20happened.\"') where stream_id = @s and version = 2", id);
        var result = await VerifyAsync(chair, id);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(2, result.GetProperty("firstBrokenVersion").GetInt64());
        Assert.Contains("altered", result.GetProperty("problem").GetString());

        // The history shows what the table holds now, never a cached copy of what it held before.
        var after = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/history");
        Assert.Equal("Nothing happened.", after[1].GetProperty("diff").GetProperty("changes")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Deleting_an_event_is_caught()
    {
        using var chair = await app.SignedInAsync();
        var id = await CaseWithHistoryAsync(chair);
        await SqlAsync("delete from ntb.mt_events where stream_id = @s and version = 3", id);
        var result = await VerifyAsync(chair, id);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(3, result.GetProperty("firstBrokenVersion").GetInt64());
    }

    [Fact]
    public async Task Deleting_the_last_event_with_its_hash_is_caught_by_the_stream_version()
    {
        using var chair = await app.SignedInAsync();
        var id = await CaseWithHistoryAsync(chair);
        await SqlAsync("delete from ntb.ntb_event_hashes where stream_id = @s and version = 4; delete from ntb.mt_events where stream_id = @s and version = 4", id);
        var result = await VerifyAsync(chair, id);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(4, result.GetProperty("firstBrokenVersion").GetInt64());
    }

    [Fact]
    public async Task Reordering_events_is_caught()
    {
        using var chair = await app.SignedInAsync();
        var id = await CaseWithHistoryAsync(chair);
        await SqlAsync("""
            update ntb.mt_events set version = -2 where stream_id = @s and version = 2;
            update ntb.mt_events set version = 2 where stream_id = @s and version = 3;
            update ntb.mt_events set version = 3 where stream_id = @s and version = -2;
            """, id);
        var result = await VerifyAsync(chair, id);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(2, result.GetProperty("firstBrokenVersion").GetInt64());
    }
}
