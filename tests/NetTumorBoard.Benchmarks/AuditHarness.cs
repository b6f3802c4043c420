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
    /// <summary>Where one time-travel and one history request spend their time (for tuning, not a target).</summary>
    public static async Task<int> ProfileAsync()
    {
        await using var host = await BenchHost.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        using var chair = await host.SignedInAsync();
        var big = await BenchHost.CreateCaseAsync(chair, "AUDIT-PROF");
        await FillAsync(store, big, 10_000);
        await chair.GetAsync($"/api/cases/{big}?version=9000");
        void Show(string what, (double Median, double P95) t) => Console.WriteLine($"{what,-60} median {t.Median,7:F1} ms  p95 {t.P95,7:F1} ms");
        Show("GET /api/cases/{id} (current, incl. access log)", await TimeAsync(30, () => chair.GetAsync($"/api/cases/{big}")));
        Show("GET /api/cases/{id}?version=9000 (snapshot at 8960)", await TimeAsync(30, () => chair.GetAsync($"/api/cases/{big}?version=9000")));
        Show("GET /api/cases/{id}?version=8960 (exact snapshot)", await TimeAsync(30, () => chair.GetAsync($"/api/cases/{big}?version=8960")));
        Show("FetchStreamAsync 10,000 events", await TimeAsync(10, async () =>
        {
            await using var s = store.QuerySession();
            await s.Events.FetchStreamAsync(big);
        }));
        Show("AggregateStreamAsync 40 events from a snapshot", await TimeAsync(30, async () =>
        {
            await using var s = store.QuerySession();
            var snap = await s.LoadAsync<NetTumorBoard.Web.Cases.Viewing.CaseSnapshot>($"{big:N}/{NetTumorBoard.Web.Cases.Viewing.CaseSnapshots.Shape}/8960");
            await s.Events.AggregateStreamAsync(big, 9000, state: snap!.State with { }, fromVersion: 8961);
        }));
        var aggregator = ((StoreOptions)store.Options).Projections.AggregatorFor<CaseDetails>();
        await using (var q = store.QuerySession())
        {
            var slice = await q.Events.FetchStreamAsync(big, 9216, fromVersion: 8961);
            var snap = await q.LoadAsync<NetTumorBoard.Web.Cases.Viewing.CaseSnapshot>($"{big:N}/{NetTumorBoard.Web.Cases.Viewing.CaseSnapshots.Shape}/8960");
            Show("aggregator.BuildAsync over 256 fetched events", await TimeAsync(20, async () => await aggregator.BuildAsync(slice, q, snap!.State, default)));
            Show("CaseReplay.Apply over 256 fetched events", await TimeAsync(20, () => Task.FromResult(NetTumorBoard.Web.Cases.Viewing.CaseReplay.Apply(snap!.State, slice)!.Version)));
            var sections = slice.Where(e => e.Data is SectionEdited).ToList();
            var fields = slice.Where(e => e.Data is CaseFieldsEdited).ToList();
            Show($"CaseReplay.Apply over {sections.Count} section edits", await TimeAsync(20, () => Task.FromResult(NetTumorBoard.Web.Cases.Viewing.CaseReplay.Apply(snap!.State, sections)!.Version)));
            Show($"CaseReplay.Apply over {fields.Count} field edits", await TimeAsync(20, () => Task.FromResult(NetTumorBoard.Web.Cases.Viewing.CaseReplay.Apply(snap!.State, fields)!.Version)));
            Show("snapshot load by id", await TimeAsync(20, async () => await q.LoadAsync<NetTumorBoard.Web.Cases.Viewing.CaseSnapshot>($"{big:N}/1/8960")));
        }
        Show("FetchStreamAsync 40 events (8961..9000)", await TimeAsync(30, async () =>
        {
            await using var s = store.QuerySession();
            await s.Events.FetchStreamAsync(big, 9000, fromVersion: 8961);
        }));
        Show("raw SQL 10,000 rows (data as text)", await TimeAsync(10, async () =>
        {
            await using var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select seq_id, version, type, timestamp, data::text from ntb.mt_events where stream_id = $1 order by version", connection);
            command.Parameters.AddWithValue(big);
            await using var reader = await command.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync())
            {
                n += reader.GetString(4).Length;
            }
            return n;
        }));
        var serializer = store.Options.Serializer();
        var types = typeof(CaseCreated).Assembly.GetTypes().Where(t => t.FullName is not null).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());
        Show("raw SQL 10,000 rows + deserialize via Marten serializer", await TimeAsync(10, async () =>
        {
            await using var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select seq_id, version, type, timestamp, data::text, mt_dotnet_type from ntb.mt_events where stream_id = $1 order by version", connection);
            command.Parameters.AddWithValue(big);
            await using var reader = await command.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync())
            {
                var dotnet = reader.GetString(5);
                var name = dotnet.Split(',')[0].Split('.')[^1];
                var data = serializer.FromJson(types[name], new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reader.GetString(4))));
                n += data is null ? 0 : 1;
            }
            return n;
        }));
        Show("QueryAllRawEvents stream 10,000", await TimeAsync(10, async () =>
        {
            await using var s = store.QuerySession();
            return (await s.Events.QueryAllRawEvents().Where(e => e.StreamId == big).OrderBy(e => e.Version).ToListAsync()).Count;
        }));
        var rowsReader = host.Services.GetRequiredService<NetTumorBoard.Web.Audit.History.EventRows>();
        Show("EventRows.ReadAsync 10,000", await TimeAsync(10, async () => (await rowsReader.ReadAsync([big], null, null, null, default)).Count));
        var rowsOnce = await rowsReader.ReadAsync([big], null, null, null, default);
        Show("Summarize 10,000", await TimeAsync(10, () => Task.FromResult(rowsOnce.Sum(r => NetTumorBoard.Web.Audit.History.CaseHistorySlice.Summarize(r.Data).Length))));
        var historyItems = rowsOnce.Select(r => new NetTumorBoard.Web.Audit.History.HistoryItem(r.StreamId, r.Version, r.Sequence, r.ClrName, null, r.Timestamp,
            NetTumorBoard.Web.Audit.History.CaseHistorySlice.Summarize(r.Data), null)).ToList();
        Show("serialize 10,000 items (no diffs) to a MemoryStream", await TimeAsync(10, async () =>
        {
            using var ms = new MemoryStream();
            await JsonSerializer.SerializeAsync(ms, historyItems, NetTumorBoard.Web.Platform.Http.JsonDefaults.Options);
            return ms.Length;
        }));
        Show("GET history (10,000)", await TimeAsync(10, () => chair.GetStringAsync($"/api/cases/{big}/history")));
        Show("GET history type=CaseFieldsEdited (1,000)", await TimeAsync(10, () => chair.GetStringAsync($"/api/cases/{big}/history?type=CaseFieldsEdited")));
        return 0;
    }

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

        // The server's answer to its last byte (the client's own JSON parsing is not the server's latency); the
        // item count is checked once outside the timing.
        var coldClock = Stopwatch.StartNew();
        using var first = await chair.GetAsync($"/api/cases/{big}/history", HttpCompletionOption.ResponseContentRead);
        var coldMs = coldClock.Elapsed.TotalMilliseconds;
        var all = await first.Content.ReadFromJsonAsync<JsonElement>();
        if (all.GetArrayLength() != 10_000)
        {
            throw new InvalidOperationException($"history has {all.GetArrayLength()} items");
        }
        var history = await TimeAsync(30, async () =>
        {
            using var response = await chair.GetAsync($"/api/cases/{big}/history", HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
        }, warmups: 5);
        Console.WriteLine($"GET history of 10,000 events, first read (bodies not yet cached on this instance): {coldMs:F0} ms");
        Console.WriteLine($"GET history of 10,000 events: median {history.Median:F0} ms, p95 {history.P95:F0} ms (target < 200 ms)");

        // The first travel past versions nobody has visited lays down the snapshots (every 256 versions) once.
        var cold = Stopwatch.StartNew();
        (await chair.GetAsync($"/api/cases/{big}?version=9999")).EnsureSuccessStatusCode();
        Console.WriteLine($"first travel to version 9,999 (lays down 39 snapshots): {cold.Elapsed.TotalMilliseconds:F0} ms, once per case");
        var random = new Random(7);
        var asOf = await TimeAsync(100, async () =>
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
        Console.WriteLine($"append one event per transaction (median of 20 alternating blocks of 100 each): {with:F3} ms with hashing, {without:F3} ms without ({(with / without - 1):P1} more; target < 10 %)");
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
                // Restaged every 40 edits: a section stays within the 20,000 characters the app allows (~1.5 KB here).
                var next = n % 40 == 38 ? $"Restaged {n}." : text + $" Note {n}: stable on lanreotide.";
                events.Add(new SectionEdited(caseId, SectionKeys.History, TextDelta.Compute(text, next), version + events.Count, Guid.Empty, DateTimeOffset.UtcNow));
                text = next;
            }
            // As the app writes: through FetchForWriting, so the inline case document carries the stream's version.
            var stream = await session.Events.FetchForWriting<CaseDetails>(caseId);
            stream.AppendMany(events);
            await session.SaveChangesAsync();
            version += events.Count;
        }
    }

    private static async Task<(double Median, double P95)> TimeAsync(int runs, Func<Task> action, int warmups = 1)
        => await TimeAsync<int>(runs, async () => { await action(); return 0; }, warmups);

    private static async Task<(double Median, double P95)> TimeAsync<T>(int runs, Func<Task<T>> action, int warmups = 1)
    {
        for (var i = 0; i < warmups; i++)
        {
            await action();
        }
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
        for (var block = 0; block < 40; block++)
        {
            var hashing = block % 2 == 0;
            await SetTriggerAsync(host.ConnectionString, hashing);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
            {
                await using var session = store.LightweightSession();
                session.Events.Append(caseId, version + 1, new CaseStatusChanged(caseId, CaseStatus.Draft, CaseStatus.Draft, $"bench {i}", Guid.Empty, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
                version++;
            }
            timings[hashing].Add(clock.Elapsed.TotalMilliseconds / 100);
        }
        await SetTriggerAsync(host.ConnectionString, true);
        // Median of the block means: one block that meets a slow fsync or autovacuum does not decide the figure.
        static double Median(IEnumerable<double> xs)
        {
            var sorted = xs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        return (Median(timings[true].Skip(1)), Median(timings[false].Skip(1)));
    }

    private static async Task SetTriggerAsync(string connectionString, bool enabled)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"alter table ntb.mt_events {(enabled ? "enable" : "disable")} trigger ntb_hash_event", connection);
        await command.ExecuteNonQueryAsync();
    }
}
