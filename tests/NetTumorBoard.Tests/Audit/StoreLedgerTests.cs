using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Audit;

/// <summary>The whole store: checkpoints notice even a stream removed with its hashes; the CLI verb says the same.</summary>
public sealed class StoreLedgerTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_stream_removed_entirely_is_caught_by_the_checkpoint_and_only_auditors_verify_the_store()
    {
        using var chair = await app.SignedInAsync();
        using var auditor = await app.SignedInAsync("auditor@demo.local");
        await (await chair.GetAsync("/api/audit/verify")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var doomed = await chair.CreateCaseAsync(new { primarySite = "Lung" }, "Observe?");
        await chair.PutSectionOkAsync(doomed, "history", 1, "Typical carcinoid, R0.");

        var checkpoint = await auditor.PostAsync("/api/audit/checkpoints", null);
        checkpoint.EnsureSuccessStatusCode();
        Assert.NotEqual(JsonValueKind.Null, (await checkpoint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkpointId").ValueKind);
        var intact = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(intact.GetProperty("valid").GetBoolean(), intact.ToString());
        Assert.True(intact.GetProperty("checkedEvents").GetInt64() > 10);

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var wipe = new NpgsqlCommand("""
                delete from ntb.ntb_event_hashes where stream_id = @s; delete from ntb.mt_events where stream_id = @s;
                delete from ntb.mt_streams where id = @s; delete from ntb.mt_doc_casedetails where id = @s;
                """, connection);
            wipe.Parameters.AddWithValue("s", doomed);
            await wipe.ExecuteNonQueryAsync();
        }
        var broken = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Empty(broken.GetProperty("breaks").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, broken.GetProperty("firstBrokenCheckpoint").ValueKind);
    }
}
