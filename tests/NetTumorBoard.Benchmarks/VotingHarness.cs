using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Issue 5's figure: 50 hub clients joined to one case while the seven voting members of the demo NET board change
/// their votes on a proposal (each vote flips, so every one is a real change and a new case version). Measured per
/// delivery: from sending the PUT of the vote to VoteTallyChanged for that version arriving at a subscriber.
/// </summary>
public static class VotingHarness
{
    private static readonly string[] Voters =
    [
        "chair@demo.local", "oncologist@demo.local", "surgeon@demo.local", "radiologist@demo.local",
        "pathologist@demo.local", "nuclear@demo.local", "gastro@demo.local",
    ];

    public static async Task<int> RunAsync(int seconds, int subscribers = 50, int votesPerSecond = 20)
    {
        await using var host = await BenchHost.StartAsync();
        Console.WriteLine($"app on {host.BaseAddress}, PostgreSQL with fsync and synchronous_commit on, {Environment.ProcessorCount} cores");

        using var chair = await host.SignedInAsync();
        var caseId = await BenchHost.CreateCaseAsync(chair, "BENCH-VOTES");
        var created = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "Captem", description = "CAPTEM, 6 cycles, restage after 3", offGuidelineRationale = "Benchmark proposal without attached guidance" });
        created.EnsureSuccessStatusCode();
        var proposalId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();

        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentDictionary<long, ConcurrentBag<double>>();
        var token = await host.TokenAsync("observer@demo.local");
        var connections = new List<HubConnection>();
        for (var i = 0; i < subscribers; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("VoteTallyChanged", m =>
                arrivals.GetOrAdd(m.GetProperty("version").GetInt64(), _ => []).Add(clock.Elapsed.TotalMilliseconds));
            await connection.StartAsync();
            await connection.InvokeAsync("JoinCase", caseId);
            connections.Add(connection);
        }

        var clients = new List<HttpClient>();
        foreach (var email in Voters)
        {
            clients.Add(await host.SignedInAsync(email));
        }

        // Warm-up: one vote each, not measured.
        foreach (var client in clients)
        {
            (await client.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Support" })).EnsureSuccessStatusCode();
        }
        await Task.Delay(500);
        arrivals.Clear();

        var sent = new ConcurrentDictionary<long, double>();
        var interval = TimeSpan.FromSeconds(1.0 / votesPerSecond);
        var next = clock.Elapsed;
        var total = seconds * votesPerSecond;
        for (var i = 0; i < total; i++)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            next += interval;
            var voter = i % clients.Count;
            var round = i / clients.Count;
            var choice = round % 2 == 0 ? "Oppose" : "Support";
            var start = clock.Elapsed.TotalMilliseconds;
            var response = await clients[voter].PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me",
                new { choice, comment = $"round {round}" });
            response.EnsureSuccessStatusCode();
            sent[(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64()] = start;
        }
        await Task.Delay(1000);

        var latencies = sent.SelectMany(s => arrivals.TryGetValue(s.Key, out var times) ? times.Select(t => t - s.Value) : []).Order().ToArray();
        var expected = sent.Count * subscribers;
        Console.WriteLine($"vote → VoteTallyChanged, {subscribers} subscribers, {votesPerSecond} votes/s for {seconds} s: {latencies.Length}/{expected} deliveries, " +
            $"p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies.LastOrDefault():F1} ms");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
        return latencies.Length == expected ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
