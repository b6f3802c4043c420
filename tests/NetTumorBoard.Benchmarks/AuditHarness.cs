using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Editing.Text;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Issue 7's figures on a real database (fsync on): a case with 10,000 events — full history and the state at
/// arbitrary versions over HTTP; ledger verification over 100,000 events; the cost of hashing on append
/// (the same appends with the ledger trigger on and off, interleaved).
/// </summary>
public static class AuditHarness
{
    public static async Task<int> RunAsync()
    {
        await using var host = await BenchHost.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        using var chair = await host.SignedInAsync();
        using var auditor = await host.SignedInAsync("auditor@demo.local");
        Console.WriteLine($"app on {host.BaseAddress}, PostgreSQL with fsync on, {Environment.ProcessorCount} cores");

        var big = await BenchHost.CreateCaseAsync(chair, "AUDIT-10K");
        var fill = Stopwatch.StartNew();
        await FillAsync(store, big, 10_000);
        Console.WriteLine($"filled a case to 10,000 events in {fill.Elapsed.TotalSeconds:F1} s");

        var history = await TimeAsync(20, async () =>
        {
            var items = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{big}/history");
            if (items.GetArrayLength() != 10_000)
            {
                throw new InvalidOperationException($"history has {items.GetArrayLength()} items");
            }
        });
        Console.WriteLine($"GET history of 10,000 events: median {history.Median:F0} ms, p95 {history.P95:F0} ms (target < 200 ms)");

        var random = new Random(7);
        var asOf = await TimeAsync(30, async () =>
        {
            var version = random.Next(1, 10_001);
            var response = await chair.GetAsync($"/api/cases/{big}?version={version}");
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"version {version}: {await response.Content.ReadAsStringAsync()}");
            }
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (state.GetProperty("version").GetInt64() != version)
            {
                throw new InvalidOperationException("wrong version");
            }
        });
        Console.WriteLine($"GET case at a random version of 10,000: median {asOf.Median:F1} ms, p95 {asOf.P95:F1} ms (target < 50 ms)");

        for (var i = 0; i < 9; i++)
        {
            await FillAsync(store, await BenchHost.CreateCaseAsync(chair, $"AUDIT-FILL-{i}"), 10_000);
        }
        var verify = await TimeAsync(3, async () =>
        {
            var result = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
            if (!result.GetProperty("valid").GetBoolean() || result.GetProperty("checkedEvents").GetInt64() < 100_000)
            {
                throw new InvalidOperationException(result.ToString());
            }
        });
        Console.WriteLine($"GET /api/audit/verify over {await CountAsync(host.ConnectionString):N0} events: median {verify.Median:F0} ms (target < 5,000 ms)");

        var (with, without) = await AppendCostAsync(host, store);
        Console.WriteLine($"append one event per transaction: {with:F3} ms with hashing, {without:F3} ms without ({(with / without - 1):P1} more; target < 10 %)");
        return 0;
    }

    /// <summary>Appends section edits and field edits (real deltas) in batches, as a long-lived case would have.</summary>
    private static async Task FillAsync(IDocumentStore store, Guid caseId, int total)
    {
        var text = "";
        long version;
        await using (var first = store.QuerySession())
        {
            version = (await first.Events.FetchStreamStateAsync(caseId))!.Version;
        }
        var n = 0;
        while (version < total)
        {
            await using var session = store.LightweightSession();
            var events = new List<object>();
            for (var i = 0; i < 500 && version + events.Count < total; i++, n++)
            {
                if (n % 10 == 9)
                {
                    events.Add(new CaseFieldsEdited(caseId, [new FieldChange("tumor.ki67Percent", (n % 20).ToString(), ((n + 1) % 20).ToString())], Guid.Empty, DateTimeOffset.UtcNow));
                    continue;
                }
                var next = n % 40 == 39 ? $"Restaged {n}." : text + $" Note {n}: stable on lanreotide.";
                events.Add(new SectionEdited(caseId, SectionKeys.History, TextDelta.Compute(text, next), version + events.Count, Guid.Empty, DateTimeOffset.UtcNow));
                text = next;
            }
            session.Events.Append(caseId, events);
            await session.SaveChangesAsync();
            version += events.Count;
        }
    }

    private static async Task<(double Median, double P95)> TimeAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)]);
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from ntb.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Mean time of appending one event in its own transaction, trigger on vs off, in alternating blocks.</summary>
    private static async Task<(double With, double Without)> AppendCostAsync(BenchHost host, IDocumentStore store)
    {
        var caseId = Guid.NewGuid();
        await using (var start = store.LightweightSession())
        {
            start.Events.StartStream<CaseDetails>(caseId, new CaseCreated(caseId, Web.Demo.DemoData.NetBoardId, new CasePatient("APPEND"), new CaseTumor(), null, null, Guid.Empty, DateTimeOffset.UtcNow));
            await start.SaveChangesAsync();
        }
        var timings = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        long version = 1;
        for (var block = 0; block < 10; block++)
        {
            var hashing = block % 2 == 0;
            await SetTriggerAsync(host.ConnectionString, hashing);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                await using var session = store.LightweightSession();
                session.Events.Append(caseId, version + 1, new CaseStatusChanged(caseId, CaseStatus.Draft, CaseStatus.Draft, $"bench {i}", Guid.Empty, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
                version++;
            }
            timings[hashing].Add(clock.Elapsed.TotalMilliseconds / 200);
        }
        await SetTriggerAsync(host.ConnectionString, true);
        return (timings[true].Skip(1).Average(), timings[false].Skip(1).Average());
    }

    private static async Task SetTriggerAsync(string connectionString, bool enabled)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"alter table ntb.mt_events {(enabled ? "enable" : "disable")} trigger ntb_hash_event", connection);
        await command.ExecuteNonQueryAsync();
    }
}
