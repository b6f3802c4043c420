using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Issue 3's load figures. (1) 50 hub clients joined to one case, one writer making 20 section edits a second:
/// time from sending the PUT to CaseChanged arriving at each subscriber. (2) Sustained section-edit throughput,
/// one writer and 8 writers on different cases, over the HTTP API, next to raw single-row insert+commit
/// throughput on the same database from the same process (1 and 8 connections).
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
        var rawOne = await RawInsertThroughputAsync(host.ConnectionString, connections: 1, seconds: 10);
        var rawEight = await RawInsertThroughputAsync(host.ConnectionString, connections: 8, seconds: 10);
        Console.WriteLine($"throughput, 1 writer : {one,8:F0} section edits/s vs raw insert+commit {rawOne,8:F0}/s  ({one / rawOne:P0})");
        Console.WriteLine($"throughput, 8 writers: {eight,8:F0} section edits/s vs raw insert+commit {rawEight,8:F0}/s  ({eight / rawEight:P0})");
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
