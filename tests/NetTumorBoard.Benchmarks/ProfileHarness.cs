using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Editing.Text;

namespace NetTumorBoard.Benchmarks;

/// <summary>
/// Where a section edit's time goes: mean latency of API calls and of the store alone, next to raw PostgreSQL
/// statements on the same database, then the database round trips of one edit with their durations.
/// </summary>
public static class ProfileHarness
{
    public static async Task<int> RunAsync(BenchHost host)
    {
        using var client = await host.SignedInAsync();
        var id = await BenchHost.CreateCaseAsync(client, "PROFILE");
        var store = host.Services.GetRequiredService<IDocumentStore>();

        await Measure("GET /health/live", 500, async _ => (await client.GetAsync("/health/live")).EnsureSuccessStatusCode());
        await Measure("GET /api/cases/{id}", 500, async _ => (await client.GetAsync($"/api/cases/{id}")).EnsureSuccessStatusCode());
        var demoCase = NetTumorBoard.Web.Demo.DemoData.Cases(DateOnly.FromDateTime(DateTime.UtcNow))[0].Id;
        await Measure("GET /api/cases/{id}/suggestions (demo panNET)", 500, async _ => (await client.GetAsync($"/api/cases/{demoCase}/suggestions")).EnsureSuccessStatusCode());
        long version = 1;
        await Measure("PUT /api/cases/{id}/sections/history", 500, async i =>
        {
            var response = await client.PutAsJsonAsync($"/api/cases/{id}/sections/history", new { baseVersion = version, text = $"edit {i}" });
            version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
        });
        await Measure("store: load the case", 500, async _ =>
        {
            await using var session = store.QuerySession();
            await session.LoadAsync<CaseDetails>(id);
        });
        await Measure("store: fetch for writing, append, save", 500, async i => await AppendEditAsync(store, id, null));
        await using (var connection = new Npgsql.NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await new Npgsql.NpgsqlCommand("create table if not exists bench_raw (id bigserial primary key, body text not null)", connection).ExecuteNonQueryAsync();
            await Measure("raw: single-row insert + commit", 500, async i =>
                await new Npgsql.NpgsqlCommand($"insert into bench_raw (body) values ('row {i}')", connection).ExecuteNonQueryAsync());
            await Measure("raw: select 1 (a round trip)", 500, async _ => await new Npgsql.NpgsqlCommand("select 1", connection).ExecuteScalarAsync());
            await new Npgsql.NpgsqlCommand("set synchronous_commit = off", connection).ExecuteNonQueryAsync();
            await Measure("raw: insert, synchronous_commit off", 500, async i =>
                await new Npgsql.NpgsqlCommand($"insert into bench_raw (body) values ('row {i}')", connection).ExecuteNonQueryAsync());
            await new Npgsql.NpgsqlCommand("set synchronous_commit = on", connection).ExecuteNonQueryAsync();
            var doc = (string)(await new Npgsql.NpgsqlCommand($"select data::text from ntb.mt_doc_casedetails where id = '{id}'", connection).ExecuteScalarAsync())!;
            Console.WriteLine($"case document: {doc.Length} characters");
            await Measure("raw: upsert the case document + commit", 500, async i =>
            {
                await using var upsert = new Npgsql.NpgsqlCommand($"update ntb.mt_doc_casedetails set data = $1::jsonb, mt_version = mt_version where id = '{id}'", connection);
                upsert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = doc, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
                await upsert.ExecuteNonQueryAsync();
            });
            await Measure("raw: pg_notify + commit", 500, async i => await new Npgsql.NpgsqlCommand("select pg_notify('bench_nobody', 'x')", connection).ExecuteNonQueryAsync());
            var scratch = Guid.NewGuid();
            long scratchVersion = 0;
            async Task QuickAppendAsync()
            {
                await using var append = new Npgsql.NpgsqlCommand("select ntb.mt_quick_append_events($1, 'scratch', '*DEFAULT*', $2, array['section_edited'], array['x'], $3, array[null::bytea], array['bench'], $4)", connection);
                append.Parameters.Add(new Npgsql.NpgsqlParameter { Value = scratch });
                append.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { Guid.CreateVersion7() } });
                append.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { "{\"caseId\":\"x\",\"delta\":\"=5\\t+abc\"}" }, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb });
                append.Parameters.Add(new Npgsql.NpgsqlParameter { Value = scratchVersion == 0 ? DBNull.Value : scratchVersion });
                await append.ExecuteNonQueryAsync();
                scratchVersion++;
            }
            await Measure("raw: mt_quick_append_events (1 event) + commit", 500, async _ => await QuickAppendAsync());
            await new Npgsql.NpgsqlCommand("alter table ntb.mt_events disable trigger ntb_hash_event", connection).ExecuteNonQueryAsync();
            await Measure("raw: the same without the ledger trigger", 500, async _ => await QuickAppendAsync());
            await Measure("store: edit without the ledger trigger", 500, async i => await AppendEditAsync(store, id, null));
            await new Npgsql.NpgsqlCommand("alter table ntb.mt_events enable trigger ntb_hash_event", connection).ExecuteNonQueryAsync();
            await Measure("store: edit with the ledger trigger", 500, async i => await AppendEditAsync(store, id, null));
        }

        Console.WriteLine("what one PUT /api/cases/{id}/sections/history does (client, server and database activities, duration):");
        using (var listener = new ActivityListener
               {
                   ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore" or "System.Net.Http" or "Marten",
                   Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                   ActivityStopped = a => Console.WriteLine($"  {a.Duration.TotalMilliseconds,6:F2} ms  [{a.Source.Name}] {Short(a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName)}"),
               })
        {
            ActivitySource.AddActivityListener(listener);
            for (var round = 0; round < 2; round++)
            {
                var clock = Stopwatch.StartNew();
                var response = await client.PutAsJsonAsync($"/api/cases/{id}/sections/history", new { baseVersion = version, text = $"profiled edit {round}" });
                version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
                Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,6:F2} ms  whole request");
            }
        }

        Console.WriteLine("round trips of one section edit (ms since start, duration):");
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            await AppendEditAsync(store, id, new TimingLogger(clock));
            Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,8:F2}  committed");
        }
        return 0;
    }

    private static async Task AppendEditAsync(IDocumentStore store, Guid id, TimingLogger? logger)
    {
        await using var session = store.LightweightSession();
        if (logger is not null)
        {
            session.Logger = logger;
        }
        var stream = await session.Events.FetchForWriting<CaseDetails>(id);
        var current = stream.Aggregate!.Sections["laboratory"].Text;
        stream.AppendOne(new SectionEdited(id, "laboratory", TextDelta.Compute(current, current + "x"), stream.CurrentVersion ?? 0, Guid.Empty, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    private static string Short(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= 150 ? flat : flat[..150] + "…";
    }

    private static async Task Measure(string name, int n, Func<int, Task> action)
    {
        for (var i = 0; i < 20; i++)
        {
            await action(i);
        }
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await action(i);
        }
        Console.WriteLine($"{name,-45} {clock.Elapsed.TotalMilliseconds / n,7:F2} ms");
    }
}
