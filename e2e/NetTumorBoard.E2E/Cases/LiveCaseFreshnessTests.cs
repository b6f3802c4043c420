using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.E2E.Cases;

public sealed class LiveCaseFreshnessTests(E2EHost host) : BrowserTest(host)
{
    /// <summary>
    /// The moment a case page turns interactive it reads the case and logs the access; a change committed meanwhile
    /// starts a second read (the change feed), which skips the log entry and could finish first. The first read, holding
    /// the case as it was, must then not overwrite the page: it would stay one change behind until the next change —
    /// how a vote everyone else saw once stayed missing on one screen. Made certain here by holding the access log
    /// locked while the page opens, so that the first read waits on its log entry after it has read the case, until
    /// well after the change has committed.
    /// </summary>
    [Fact]
    public async Task A_change_committed_while_the_page_turns_interactive_is_shown_and_stays()
    {
        var caseId = await Host.CreateCaseAsync("chair@demo.local", "FRESH-1", null, "Question 0");
        using var chair = await Host.ApiClientAsync("chair@demo.local");
        var version = (await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("version").GetInt64();
        var page = await SignInAsync("oncologist@demo.local", "oncologist", "/cases");
        var question = page.GetByTestId("case-question");

        await using var database = new NpgsqlConnection(Host.ConnectionString);
        await database.OpenAsync();
        var hold = await database.BeginTransactionAsync();
        await using (var lockLog = new NpgsqlCommand($"lock table {MartenSetup.Schema}.ntb_access_log in exclusive mode", database, hold))
        {
            await lockLog.ExecuteNonQueryAsync();
        }
        try
        {
            await page.GotoAsync($"/cases/{caseId}");
            await WaitForCircuitAsync(page);
            await WaitForAccessLogWriterAsync(database);

            var patched = await chair.PatchAsJsonAsync($"/api/cases/{caseId}/fields",
                new { baseVersion = version, changes = new Dictionary<string, object?> { ["question"] = "Question 1" } });
            patched.EnsureSuccessStatusCode();
            // Time for the read this change starts to finish, had it not to wait for the first one.
            await Task.Delay(1_000);
        }
        finally
        {
            await hold.RollbackAsync();
        }

        // The first read now finishes (its log entry lands); the page ends on the newer case and stays there.
        await Assertions.Expect(question).ToHaveTextAsync("Question 1", new() { Timeout = 10_000 });
        await WaitForAsync(async () => await CountAccessAsync(database, caseId) > 0);
        await page.WaitForTimeoutAsync(1_000);
        await Assertions.Expect(question).ToHaveTextAsync("Question 1", new() { Timeout = 100 });
        await ScreenshotAsync(page, "case-after-concurrent-change", fullPage: false);
    }

    /// <summary>Until the page's first read is blocked on the held lock (it has read the case by then).</summary>
    private static Task WaitForAccessLogWriterAsync(NpgsqlConnection database) => WaitForAsync(async () =>
    {
        await using var waiting = new NpgsqlCommand(
            "select count(*) from pg_locks where not granted and relation = (select oid from pg_class where relname = 'ntb_access_log')", database);
        return (long)(await waiting.ExecuteScalarAsync())! > 0;
    });

    private static async Task<long> CountAccessAsync(NpgsqlConnection database, Guid caseId)
    {
        await using var count = new NpgsqlCommand($"select count(*) from {MartenSetup.Schema}.ntb_access_log where case_id = $1 and kind = 'Page'", database);
        count.Parameters.AddWithValue(caseId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The condition did not hold within 15 s.");
            }
            await Task.Delay(50);
        }
    }
}
