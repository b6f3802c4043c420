using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Issue 3's load figures. (1) 50 hub clients joined to one case, one writer making 20 section edits a second:
/// time from sending the PUT to CaseChanged arriving at each subscriber. (2) Sustained section-edit throughput,
/// one writer and 8 writers on different cases, over the HTTP API and on the browser editor's path (its circuit calls
/// the slice in process), next to raw single-row insert+commit throughput on the same database from the same process
/// (1 and 8 connections). <see cref="DatabaseSideAsync"/> takes the database side of an edit apart.
/// </summary>
public static class CoEditingHarness
{
    public static async Task<int> RunAsync(int seconds)
    {
        await using var host = await BenchHost.StartAsync();
        Console.WriteLine($"app on {host.BaseAddress}, PostgreSQL with fsync and synchronous_commit on, {Environment.ProcessorCount} cores");

        await LatencyAsync(host, subscribers: 50, editsPerSecond: 20, seconds);
        var one = await EditThroughputAsync(host, writers: 1, seconds: 10);
        var eight = await EditThroughputAsync(host, writers: 8, seconds: 10);
        var inOne = await EditThroughputInProcessAsync(host, writers: 1, seconds: 10);
        var inEight = await EditThroughputInProcessAsync(host, writers: 8, seconds: 10);
        var rawOne = await RawInsertThroughputAsync(host.ConnectionString, connections: 1, seconds: 10);
        var rawEight = await RawInsertThroughputAsync(host.ConnectionString, connections: 8, seconds: 10);
        Console.WriteLine($"throughput, 1 writer,  HTTP API        : {one,8:F0} section edits/s vs raw insert+commit {rawOne,8:F0}/s  ({one / rawOne:P0})");
        Console.WriteLine($"throughput, 8 writers, HTTP API        : {eight,8:F0} section edits/s vs raw insert+commit {rawEight,8:F0}/s  ({eight / rawEight:P0})");
        Console.WriteLine($"throughput, 1 writer,  editor's path   : {inOne,8:F0} section edits/s vs raw insert+commit {rawOne,8:F0}/s  ({inOne / rawOne:P0})");
        Console.WriteLine($"throughput, 8 writers, editor's path   : {inEight,8:F0} section edits/s vs raw insert+commit {rawEight,8:F0}/s  ({inEight / rawEight:P0})");
        return 0;
    }

    /// <summary>Only the editor's path, 1 and 8 writers, next to the raw insert (a quicker run while tuning).</summary>
    public static async Task<int> EditorPathAsync(int seconds)
    {
        await using var host = await BenchHost.StartAsync();
        await EditThroughputInProcessAsync(host, writers: 1, seconds: 2); // warm-up
        var one = await EditThroughputInProcessAsync(host, writers: 1, seconds);
        var eight = await EditThroughputInProcessAsync(host, writers: 8, seconds);
        var rawOne = await RawInsertThroughputAsync(host.ConnectionString, connections: 1, seconds);
        var rawEight = await RawInsertThroughputAsync(host.ConnectionString, connections: 8, seconds);
        Console.WriteLine($"editor's path, 1 writer : {one,6:F0}/s vs raw {rawOne,6:F0}/s ({one / rawOne:P0})");
        Console.WriteLine($"editor's path, 8 writers: {eight,6:F0}/s vs raw {rawEight,6:F0}/s ({eight / rawEight:P0})");
        return 0;
    }

    /// <summary>
    /// The database side of a section edit alone (the same statements as SectionAppender, JSON prepared once), built
    /// up part by part next to the raw insert: a = Marten's quick append (event row, stream version, ledger hash
    /// trigger), d = the snapshot document, n = the change-feed NOTIFY, i = the raw single-row insert.
    /// </summary>
    public static async Task<int> DatabaseSideAsync()
    {
        await using var host = await BenchHost.StartAsync();
        await using (var c = new NpgsqlConnection(host.ConnectionString))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("create table if not exists bench_raw (id bigserial primary key, body text not null)", c).ExecuteNonQueryAsync();
        }
        await BatchThroughputAsync(host, 8, 3, "adn"); // warm-up: JIT, plans, caches
        foreach (var parts in new[] { "i", "a", "ad", "adn" })
        {
            foreach (var trigger in parts == "i" ? new[] { true } : new[] { true, false })
            {
                await using (var c = new NpgsqlConnection(host.ConnectionString))
                {
                    await c.OpenAsync();
                    await new NpgsqlCommand($"alter table ntb.mt_events {(trigger ? "enable" : "disable")} trigger ntb_hash_event", c).ExecuteNonQueryAsync();
                }
                var one = await BatchThroughputAsync(host, 1, 5, parts);
                var eight = await BatchThroughputAsync(host, 8, 5, parts);
                Console.WriteLine($"{parts,-4} ledger trigger {(trigger ? "on " : "off")}: 1 connection {one,6:F0}/s, 8 connections {eight,6:F0}/s");
            }
        }
        return 0;
    }

    private static async Task LatencyAsync(BenchHost host, int subscribers, int editsPerSecond, int seconds)
    {
        using var writer = await host.SignedInAsync();
        var caseId = await BenchHost.CreateCaseAsync(writer, "BENCH-LATENCY");
        var token = await host.TokenAsync("chair@demo.local");
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentDictionary<long, ConcurrentBag<double>>();
        var connections = new List<HubConnection>();
        for (var i = 0; i < subscribers; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("CaseChanged", m =>
                arrivals.GetOrAdd(m.GetProperty("version").GetInt64(), _ => []).Add(clock.Elapsed.TotalMilliseconds));
            await connection.StartAsync();
            await connection.InvokeAsync("JoinCase", caseId);
            connections.Add(connection);
        }

        var sent = new ConcurrentDictionary<long, double>();
        var interval = TimeSpan.FromSeconds(1.0 / editsPerSecond);
        var edits = seconds * editsPerSecond;
        long version = 1;
        var pending = new List<Task>();
        var next = clock.Elapsed;
        for (var i = 0; i < edits; i++)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            next += interval;
            var start = clock.Elapsed.TotalMilliseconds;
            var response = await writer.PutAsJsonAsync($"/api/cases/{caseId}/sections/discussion",
                new { baseVersion = version, text = $"Edit {i}: CAPTEM versus PRRT for progressive G2 panNET, hepatic burden {i % 60} percent." });
            response.EnsureSuccessStatusCode();
            version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
            sent[version] = start;
        }
        await Task.Delay(1000);

        var latencies = sent.SelectMany(s => arrivals.TryGetValue(s.Key, out var times) ? times.Select(t => t - s.Value) : []).Order().ToArray();
        var expected = sent.Count * subscribers;
        Console.WriteLine($"latency, {subscribers} subscribers, {editsPerSecond} edits/s for {seconds} s: {latencies.Length}/{expected} deliveries, " +
            $"p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies.LastOrDefault():F1} ms (request sent → CaseChanged received)");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The path the browser editor takes: its Blazor circuit calls EditSectionSlice.HandleAsync in the server process
    /// (no HTTP request per burst), as the chair, with the same access checks.
    /// </summary>
    private static async Task<double> EditThroughputInProcessAsync(BenchHost host, int writers, int seconds)
    {
        using var client = await host.SignedInAsync();
        var cases = new List<Guid>();
        for (var w = 0; w < writers; w++)
        {
            cases.Add(await BenchHost.CreateCaseAsync(client, $"BENCH-IP-{writers}-{w}"));
        }
        var chair = await host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>()
            .FindByEmailAsync("chair@demo.local");
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, chair!.Id.ToString()),
            new System.Security.Claims.Claim(NetTumorBoard.Web.Platform.Identity.Actor.NameClaim, chair.DisplayName),
            new System.Security.Claims.Claim(NetTumorBoard.Web.Platform.Identity.Actor.DisciplineClaim, chair.Discipline.ToString()),
        ], "bench"));
        var appender = host.Services.GetRequiredService<NetTumorBoard.Web.Cases.Editing.SectionAppender>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var deadline = Stopwatch.StartNew();
        var counts = await Task.WhenAll(cases.Select(caseId => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext =
                new Microsoft.AspNetCore.Http.DefaultHttpContext { User = principal };
            var user = scope.ServiceProvider.GetRequiredService<NetTumorBoard.Web.Platform.Identity.CurrentUser>();
            long version = 1;
            var count = 0;
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var result = await NetTumorBoard.Web.Cases.Editing.EditSectionSlice.HandleAsync(caseId, "history",
                    new NetTumorBoard.Web.Cases.Editing.EditSectionRequest(version, $"Burst {count}: lanreotide 120 mg every 28 days since 2024; ECOG {count % 3}."),
                    user, appender, clock, CancellationToken.None);
                version = result.Version;
                count++;
            }
            return count;
        })));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    /// <summary>Only the database side of a section edit: the same three statements, JSON prepared once.</summary>
    private static async Task<double> BatchThroughputAsync(BenchHost host, int writers, int seconds, string parts)
    {
        using var client = await host.SignedInAsync();
        var cases = new List<Guid>();
        for (var w = 0; w < writers; w++)
        {
            cases.Add(await BenchHost.CreateCaseAsync(client, $"BENCH-B-{writers}-{w}"));
        }
        var deadline = Stopwatch.StartNew();
        var counts = await Task.WhenAll(cases.Select(caseId => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync();
            string doc;
            await using (var read = new NpgsqlCommand($"select data::text from ntb.mt_doc_casedetails where id = '{caseId}'", connection))
            {
                doc = (string)(await read.ExecuteScalarAsync())!;
            }
            long version = 1;
            var count = 0;
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await using var batch = new NpgsqlBatch(connection);
                var append = new NpgsqlBatchCommand("select ntb.mt_quick_append_events($1, 'case_details', '*DEFAULT*', $2, array['section_edited'], array['NetTumorBoard.Web.Cases.SectionEdited, NetTumorBoard.Web'], $3, array[null::bytea], array['bench'], $4)");
                append.Parameters.Add(new NpgsqlParameter { Value = caseId });
                append.Parameters.Add(new NpgsqlParameter { Value = new[] { Guid.CreateVersion7() } });
                append.Parameters.Add(new NpgsqlParameter { Value = new[] { $"{{\"caseId\":\"{caseId}\",\"section\":\"history\",\"delta\":\"=5\\t+abc\",\"baseVersion\":{version}}}" }, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb });
                append.Parameters.Add(new NpgsqlParameter { Value = version });
                if (parts.Contains('a')) batch.BatchCommands.Add(append);
                var update = new NpgsqlBatchCommand("update ntb.mt_doc_casedetails set data = $2::jsonb, mt_version = $3, mt_last_modified = transaction_timestamp() where id = $1");
                update.Parameters.Add(new NpgsqlParameter { Value = caseId });
                update.Parameters.Add(new NpgsqlParameter { Value = doc });
                update.Parameters.Add(new NpgsqlParameter { Value = version + 1 });
                if (parts.Contains('d')) batch.BatchCommands.Add(update);
                var notify = new NpgsqlBatchCommand("select pg_notify('bench_nobody', $1)");
                notify.Parameters.Add(new NpgsqlParameter { Value = "x" });
                if (parts.Contains('n')) batch.BatchCommands.Add(notify);
                if (parts.Contains('i')) batch.BatchCommands.Add(new NpgsqlBatchCommand("insert into bench_raw (body) values ('x')"));
                await batch.ExecuteNonQueryAsync();
                version++;
                count++;
            }
            return count;
        })));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    private static async Task<double> EditThroughputAsync(BenchHost host, int writers, int seconds)
    {
        var clients = new List<(HttpClient Client, Guid CaseId)>();
        for (var w = 0; w < writers; w++)
        {
            var client = await host.SignedInAsync();
            clients.Add((client, await BenchHost.CreateCaseAsync(client, $"BENCH-TP-{writers}-{w}")));
        }
        var deadline = Stopwatch.StartNew();
        var counts = await Task.WhenAll(clients.Select(async c =>
        {
            long version = 1;
            var count = 0;
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var response = await c.Client.PutAsJsonAsync($"/api/cases/{c.CaseId}/sections/history",
                    new { baseVersion = version, text = $"Burst {count}: lanreotide 120 mg every 28 days since 2024; ECOG {count % 3}." });
                response.EnsureSuccessStatusCode();
                version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
                count++;
            }
            return count;
        }));
        var rate = counts.Sum() / deadline.Elapsed.TotalSeconds;
        foreach (var (client, _) in clients)
        {
            client.Dispose();
        }
        return rate;
    }

    private static async Task<double> RawInsertThroughputAsync(string connectionString, int connections, int seconds)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("create table if not exists bench_raw (id bigserial primary key, body text not null)", setup);
            await create.ExecuteNonQueryAsync();
        }
        var deadline = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("insert into bench_raw (body) values ($1)", connection);
            var body = insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var count = 0;
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                body.Value = $"row {count}";
                await insert.ExecuteNonQueryAsync();
                count++;
            }
            return count;
        }));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
