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
        await ThroughputAsync(host, rounds: 12, http: true);
        return 0;
    }

    /// <summary>Only the editor's path, 1 and 8 writers, next to the raw insert (a quicker run while tuning).</summary>
    public static async Task<int> EditorPathAsync(int rounds)
    {
        await using var host = await BenchHost.StartAsync();
        await ThroughputAsync(host, rounds, http: false);
        return 0;
    }

    /// <summary>One load alone for a while (to watch where the CPU goes with top or perf): raw, editor or http.</summary>
    public static async Task<int> SoakAsync(string kind, int writers, int seconds)
    {
        await using var host = await BenchHost.StartAsync();
        await using var load = kind switch
        {
            "raw" => await RawInsertLoadAsync(host, writers),
            "editor" => await EditorLoadAsync(host, writers),
            "http" => await HttpLoadAsync(host, writers),
            _ => throw new ArgumentException($"Unknown load '{kind}' (raw, editor, http)."),
        };
        Console.WriteLine($"soaking: {kind}, {writers} writer(s), {seconds} s, process {Environment.ProcessId}");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = GC.CollectionCount(0);
        var cpu = Environment.CpuUsage.TotalTime;
        for (var second = 0; second < seconds; second++)
        {
            await load.RunAsync(TimeSpan.FromSeconds(1), count: true);
        }
        var operations = load.Rate * seconds;
        Console.WriteLine($"{kind}, {writers} writer(s): {load.Rate:F0}/s; second by second: {load.Slices}");
        // The whole process (app, clients, writer): what one operation costs it, besides the database's own time.
        Console.WriteLine($"per operation: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / operations / 1024:F1} KB allocated, "
            + $"{(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / operations:F0} µs of process CPU; "
            + $"{GC.CollectionCount(0) - collections} gen-0 collections in {seconds} s");
        return 0;
    }

    private const int WarmUpRounds = 10;

    /// <summary>
    /// Sustained throughput of each load (raw insert+commit, section edits over HTTP, section edits on the editor's
    /// path; 1 and 8 writers), measured in interleaved one-second slices, round after round, so that the slow and fast
    /// phases of a shared machine (checkpoints, neighbours) fall on every load alike. Warm-up rounds come first and are
    /// not counted: the editor's path runs at less than half its sustained rate for its first ~7 seconds, while .NET's
    /// tiered JIT is still compiling it (coedit-soak prints the rate second by second), and sustained means after that.
    /// </summary>
    private static async Task ThroughputAsync(BenchHost host, int rounds, bool http)
    {
        var loads = new List<Load>
        {
            await RawInsertLoadAsync(host, 1),
            await RawInsertLoadAsync(host, 8),
            await EditorLoadAsync(host, 1),
            await EditorLoadAsync(host, 8),
            await StatementLoadAsync(host),
        };
        if (http)
        {
            loads.Add(await HttpLoadAsync(host, 1));
            loads.Add(await HttpLoadAsync(host, 8));
            loads.Add(await HttpRoundTripLoadAsync(host, 1));
            loads.Add(await HttpRoundTripLoadAsync(host, 8));
        }
        var slice = TimeSpan.FromSeconds(1);
        for (var round = 0; round < WarmUpRounds; round++)
        {
            foreach (var load in loads)
            {
                await load.RunAsync(slice, count: false);
            }
        }
        for (var round = 0; round < rounds; round++)
        {
            foreach (var load in loads)
            {
                await load.RunAsync(slice, count: true);
            }
        }
        Console.WriteLine($"throughput: {WarmUpRounds} warm-up rounds (not counted), then {rounds} counted rounds; each round runs every load for one second, in turn");
        var raw = loads.Where(l => l.Kind == "raw insert+commit").ToDictionary(l => l.Writers);
        foreach (var load in loads.Where(l => l.Kind != "raw insert+commit"))
        {
            var reference = raw[load.Writers];
            Console.WriteLine($"throughput, {load.Writers} writer{(load.Writers == 1 ? " " : "s")}, {load.Kind,-19}: {load.Rate,7:F0} {(load.Kind == "HTTP round trip" ? "requests/s     " : "section edits/s")} " +
                $"vs raw insert+commit {reference.Rate,7:F0}/s  ({load.Rate / reference.Rate:P0}; {load.Paired(reference)})");
        }
        if (Environment.GetEnvironmentVariable("NTB_BENCH_SLICES") == "1")
        {
            foreach (var load in loads)
            {
                Console.WriteLine($"  {load.Kind}, {load.Writers}: {load.Slices}");
            }
        }
        foreach (var load in loads)
        {
            await load.DisposeAsync();
        }
    }

    /// <summary>One kind of work done by N writers in parallel; counts completed operations over the counted slices.</summary>
    private sealed class Load(string kind, int writers, Func<int, Task> step, Func<ValueTask>? dispose = null) : IAsyncDisposable
    {
        private long _operations;
        private TimeSpan _elapsed;
        private readonly List<(double Rate, bool Counted)> _slices = [];
        public string Kind => kind;
        public int Writers => writers;
        public double Rate => _operations / _elapsed.TotalSeconds;

        public async Task RunAsync(TimeSpan slice, bool count)
        {
            var clock = Stopwatch.StartNew();
            var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var n = 0;
                while (clock.Elapsed < slice)
                {
                    await step(w);
                    n++;
                }
                return n;
            })));
            var elapsed = clock.Elapsed;
            _slices.Add((counts.Sum() / elapsed.TotalSeconds, count));
            if (count)
            {
                _operations += counts.Sum();
                _elapsed += elapsed;
            }
        }

        /// <summary>Every slice's rate, warm-up included, in order.</summary>
        public string Slices => string.Join(" ", _slices.Select(s => s.Rate.ToString("F0")));

        private IEnumerable<double> Counted => _slices.Where(s => s.Counted).Select(s => s.Rate);

        /// <summary>
        /// Round by round, this load's slice as a share of the reference's slice in the same round (a second apart, so
        /// the machine's slow and fast phases cancel out): their median, lowest and highest.
        /// </summary>
        public string Paired(Load reference)
        {
            var ratios = Counted.Zip(reference.Counted, (a, b) => a / b).Order().ToList();
            var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
            return $"round by round: median {median:P0}, {ratios[0]:P0}–{ratios[^1]:P0}";
        }

        public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
    }

    private static async Task<Load> RawInsertLoadAsync(BenchHost host, int writers)
    {
        var connections = new List<(NpgsqlConnection Connection, NpgsqlCommand Insert)>();
        for (var w = 0; w < writers; w++)
        {
            var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync();
            await new NpgsqlCommand("create table if not exists bench_raw (id bigserial primary key, body text not null)", connection).ExecuteNonQueryAsync();
            var insert = new NpgsqlCommand("insert into bench_raw (body) values ($1)", connection);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            connections.Add((connection, insert));
        }
        var counters = new int[writers];
        return new Load("raw insert+commit", writers, async w =>
        {
            var (_, insert) = connections[w];
            insert.Parameters[0].Value = $"row {counters[w]++}";
            await insert.ExecuteNonQueryAsync();
        }, async () =>
        {
            foreach (var (connection, insert) in connections)
            {
                await insert.DisposeAsync();
                await connection.DisposeAsync();
            }
        });
    }

    /// <summary>
    /// The floor under a lone writer's edit: the SQL statement SectionCommits sends for it (stream row, event, ledger
    /// hash, case document, NOTIFY), with the JSON prepared once, from one dedicated connection — the raw insert's shape
    /// with the edit's rows. Everything the editor's path adds on top of this is the app's.
    /// </summary>
    private static async Task<Load> StatementLoadAsync(BenchHost host)
    {
        using var client = await host.SignedInAsync();
        var caseId = await BenchHost.CreateCaseAsync(client, "BENCH-STATEMENT");
        var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        string doc;
        await using (var read = new NpgsqlCommand($"select data::text from ntb.mt_doc_casedetails where id = '{caseId}'", connection))
        {
            doc = (string)(await read.ExecuteScalarAsync())!;
        }
        var statements = Statements();
        long version = 1;
        return new Load("SQL statement alone", 1, async _ =>
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(statements.Command(StatementEdit(caseId, version, doc)));
            await using var reader = await batch.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("The section statement wrote nothing (version out of step).");
            }
            version++;
        }, () => connection.DisposeAsync());
    }

    /// <summary>The statement builder exactly as the app has it (its data source is not used to build statements).</summary>
    private static NetTumorBoard.Web.Cases.Editing.SectionCommits Statements() => new(Unused)
    {
        EventType = "section_edited",
        EventDotnetType = "NetTumorBoard.Web.Cases.SectionEdited, NetTumorBoard.Web",
        DocumentDotnetType = "NetTumorBoard.Web.Cases.CaseDetails",
    };

    private static readonly NpgsqlDataSource Unused = NpgsqlDataSource.Create("Host=unused");

    /// <summary>An edit of <paramref name="caseId"/> decided on <paramref name="version"/>: a small event, the case's document as stored, a real notice.</summary>
    private static NetTumorBoard.Web.Cases.Editing.PendingSectionEdit StatementEdit(Guid caseId, long version, string doc) =>
        new(caseId, version, Guid.CreateVersion7(),
            $"{{\"caseId\":\"{caseId}\",\"section\":\"history\",\"delta\":\"=5\\t+abc\",\"baseVersion\":{version}}}", "bench", doc,
            NetTumorBoard.Web.Platform.ChangeFeed.ChangeNotifier.Format(new NetTumorBoard.Web.Platform.ChangeFeed.ChangeNotice(
                "case", caseId, version + 1, ["SectionEdited"], null, null)));

    /// <summary>Section edits over the HTTP API (PUT …/sections/history), each writer its own case and bearer token.</summary>
    private static async Task<Load> HttpLoadAsync(BenchHost host, int writers)
    {
        var clients = new List<(HttpClient Client, Guid CaseId)>();
        for (var w = 0; w < writers; w++)
        {
            var client = await host.SignedInAsync();
            clients.Add((client, await BenchHost.CreateCaseAsync(client, $"BENCH-TP-{writers}-{w}")));
        }
        var versions = Enumerable.Repeat(1L, writers).ToArray();
        var counters = new int[writers];
        return new Load("HTTP API", writers, async w =>
        {
            var (client, caseId) = clients[w];
            var count = counters[w]++;
            var response = await client.PutAsJsonAsync($"/api/cases/{caseId}/sections/history",
                new { baseVersion = versions[w], text = $"Burst {count}: lanreotide 120 mg every 28 days since 2024; ECOG {count % 3}." });
            response.EnsureSuccessStatusCode();
            versions[w] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
        }, () =>
        {
            foreach (var (client, _) in clients)
            {
                client.Dispose();
            }
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// The floor under any API call: an HTTP round trip to the app with nothing behind it (GET /health/live, anonymous,
    /// through the same middleware), from the same kind of client.
    /// </summary>
    private static Task<Load> HttpRoundTripLoadAsync(BenchHost host, int writers)
    {
        var clients = Enumerable.Range(0, writers).Select(_ => new HttpClient { BaseAddress = host.BaseAddress }).ToList();
        return Task.FromResult(new Load("HTTP round trip", writers, async w => (await clients[w].GetAsync("/health/live")).EnsureSuccessStatusCode(), () =>
        {
            clients.ForEach(c => c.Dispose());
            return ValueTask.CompletedTask;
        }));
    }

    /// <summary>
    /// The path the browser editor takes: its Blazor circuit calls EditSectionSlice.HandleAsync in the server process
    /// (no HTTP request per burst), as the chair, with the same access checks.
    /// </summary>
    private static async Task<Load> EditorLoadAsync(BenchHost host, int writers)
    {
        using var client = await host.SignedInAsync();
        var chair = await host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>()
            .FindByEmailAsync("chair@demo.local");
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, chair!.Id.ToString()),
            new System.Security.Claims.Claim(NetTumorBoard.Web.Platform.Identity.Actor.NameClaim, chair.DisplayName),
            new System.Security.Claims.Claim(NetTumorBoard.Web.Platform.Identity.Actor.DisciplineClaim, chair.Discipline.ToString()),
        ], "bench"));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = principal };
        var appender = host.Services.GetRequiredService<NetTumorBoard.Web.Cases.Editing.SectionAppender>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var writersState = new List<(AsyncServiceScope Scope, NetTumorBoard.Web.Platform.Identity.CurrentUser User, Guid CaseId)>();
        for (var w = 0; w < writers; w++)
        {
            var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = context;
            writersState.Add((scope, scope.ServiceProvider.GetRequiredService<NetTumorBoard.Web.Platform.Identity.CurrentUser>(),
                await BenchHost.CreateCaseAsync(client, $"BENCH-IP-{writers}-{w}")));
        }
        var versions = Enumerable.Repeat(1L, writers).ToArray();
        var counters = new int[writers];
        return new Load("editor's path", writers, async w =>
        {
            var (scope, user, caseId) = writersState[w];
            // The accessor's context flows with the async call (as a circuit's does); each writer runs on its own flow.
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = context;
            var count = counters[w]++;
            var result = await NetTumorBoard.Web.Cases.Editing.EditSectionSlice.HandleAsync(caseId, "history",
                new NetTumorBoard.Web.Cases.Editing.EditSectionRequest(versions[w], $"Burst {count}: lanreotide 120 mg every 28 days since 2024; ECOG {count % 3}."),
                user, appender, clock, CancellationToken.None);
            versions[w] = result.Version;
        }, async () =>
        {
            foreach (var (scope, _, _) in writersState)
            {
                await scope.DisposeAsync();
            }
        });
    }

    /// <summary>
    /// The database side of a section edit alone (JSON prepared once), next to the raw insert (i). s = the statement
    /// SectionCommits sends (stream row, event, ledger hash, document, NOTIFY in one statement), one edit per commit.
    /// Marten's own way, built up part by part: a = its quick append function (event row, stream version, ledger hash
    /// by trigger), d = the snapshot document, n = the change-feed NOTIFY ("ledger trigger off" leaves the hash out).
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
        foreach (var parts in new[] { "i", "s", "a", "ad", "adn" })
        {
            foreach (var trigger in parts is "i" or "s" ? new[] { true } : new[] { true, false })
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

    /// <summary>Only the database side of a section edit, JSON prepared once (see <see cref="DatabaseSideAsync"/>).</summary>
    private static async Task<double> BatchThroughputAsync(BenchHost host, int writers, int seconds, string parts)
    {
        using var client = await host.SignedInAsync();
        var cases = new List<Guid>();
        for (var w = 0; w < writers; w++)
        {
            cases.Add(await BenchHost.CreateCaseAsync(client, $"BENCH-B-{writers}-{w}"));
        }
        var statements = Statements();
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
                if (parts.Contains('s'))
                {
                    batch.BatchCommands.Add(statements.Command(StatementEdit(caseId, version, doc)));
                }
                if (parts.Contains('s'))
                {
                    await using var reader = await batch.ExecuteReaderAsync();
                    if (!await reader.ReadAsync())
                    {
                        throw new InvalidOperationException("The section statement wrote nothing (version out of step).");
                    }
                }
                else
                {
                    await batch.ExecuteNonQueryAsync();
                }
                version++;
                count++;
            }
            return count;
        })));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
