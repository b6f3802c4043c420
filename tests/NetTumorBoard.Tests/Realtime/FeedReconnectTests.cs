using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Realtime;

/// <summary>
/// Notices sent while the change feed's LISTEN connection is gone are lost for good: when it is back, every subscriber
/// must read again (Resync) — also when the database refused the first attempts to reconnect.
/// </summary>
public sealed class FeedReconnectTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task After_the_feed_connection_is_lost_and_reconnecting_fails_for_a_while_hub_clients_are_told_to_resync()
    {
        using var chair = await app.SignedInAsync();
        await using var hub = await HubClient.ConnectAsync(app.BaseAddress, await app.TokenAsync("chair@demo.local"));
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();

        // Lost once, back at the first attempt.
        await TerminateListenerAsync(admin, database);
        await hub.WaitForAsync("Resync", _ => true);

        // Lost again while the database refuses new connections for a while (several attempts fail).
        await using var hub2 = await HubClient.ConnectAsync(app.BaseAddress, await app.TokenAsync("chair@demo.local"));
        await Execute(admin, $"alter database \"{database}\" allow_connections false");
        try
        {
            await TerminateListenerAsync(admin, database);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await Execute(admin, $"alter database \"{database}\" allow_connections true");
        }
        await hub2.WaitForAsync("Resync", _ => true, TimeSpan.FromSeconds(15));

        // And changes flow again.
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        await hub2.Connection.InvokeAsync("JoinCase", caseId);
        (await chair.PutAsJsonAsync($"/api/cases/{caseId}/sections/history", new { baseVersion = 1, text = "After the outage." })).EnsureSuccessStatusCode();
        await hub2.WaitForAsync("CaseChanged", m => m.GetProperty("caseId").GetGuid() == caseId);
    }

    private static async Task TerminateListenerAsync(NpgsqlConnection admin, string database)
    {
        await using var command = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = 'ntb-change-feed' and datname = $1", admin);
        command.Parameters.AddWithValue(database);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    private static async Task Execute(NpgsqlConnection admin, string sql)
    {
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
