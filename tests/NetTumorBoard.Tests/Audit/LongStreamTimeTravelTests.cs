using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Editing.Text;
using NetTumorBoard.Web.Cases.Viewing;
using Task = System.Threading.Tasks.Task;

namespace NetTumorBoard.Tests.Audit;

/// <summary>
/// Time travel on a long case goes through stored snapshots (every 256 versions, laid down on first use). Whatever
/// path serves a version, the answer must equal Marten replaying the stream from its first event.
/// </summary>
public sealed class LongStreamTimeTravelTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Every_sampled_version_of_a_700_event_case_equals_a_full_replay_before_and_after_snapshots_exist()
    {
        using var chair = await app.SignedInAsync();
        var id = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Long follow-up");
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var text = "";
        for (var batch = 0; batch < 7; batch++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<CaseDetails>(id);
            var version = stream.CurrentVersion!.Value;
            var events = new List<object>();
            for (var i = 0; i < 100; i++)
            {
                var n = batch * 100 + i;
                if (n % 7 == 0)
                {
                    events.Add(new CaseFieldsEdited(id, [new FieldChange("tumor.ki67Percent", "", (n % 30).ToString())], Guid.Empty, DateTimeOffset.UtcNow));
                    continue;
                }
                var next = n % 50 == 49 ? $"Restaged at visit {n}." : $"{text} Visit {n}: stable.";
                events.Add(new SectionEdited(id, SectionKeys.History, TextDelta.Compute(text, next), version + events.Count, Guid.Empty, DateTimeOffset.UtcNow));
                text = next;
            }
            stream.AppendMany(events);
            await session.SaveChangesAsync();
        }

        long[] sample = [1, 2, 255, 256, 257, 300, 511, 512, 513, 640, 699, 700, 701];
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var version in sample)
            {
                var past = await chair.GetCaseAsync(id, $"?version={version}");
                await using var query = store.QuerySession();
                var replayed = (await query.Events.AggregateStreamAsync<CaseDetails>(id, version))!;
                Assert.Equal(version, past.GetProperty("version").GetInt64());
                Assert.Equal(replayed.Sections.GetValueOrDefault(SectionKeys.History)?.Text ?? "",
                    past.GetProperty("sections").TryGetProperty("history", out var s) ? s.GetProperty("text").GetString() : "");
                Assert.Equal(replayed.Tumor.Ki67Percent,
                    past.GetProperty("tumor").TryGetProperty("ki67Percent", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetDecimal() : null);
            }
        }

        // The whole aggregate, not only the sampled fields, equals Marten's replay from the first event.
        await using (var query = store.QuerySession())
        {
            foreach (var version in sample.Append(333).Append(600))
            {
                var ours = await CaseSnapshots.AtVersionAsync(store, query, id, version, TestContext.Current.CancellationToken);
                var marten = await query.Events.AggregateStreamAsync<CaseDetails>(id, version);
                // Key order inside dictionaries may differ (jsonb stores keys sorted), so compare as JSON trees.
                var expected = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(marten));
                var actual = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ours));
                Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, actual), $"version {version}:\n{expected}\n---\n{actual}");
            }
        }

        await using (var query = store.QuerySession())
        {
            var laid = (await query.Query<CaseSnapshot>().Where(x => x.CaseId == id).Select(x => x.Version).ToListAsync()).Order().ToList();
            Assert.Equal([256L, 512L], laid);
        }

        // A moment resolves to the last version at or before it.
        var current = await chair.GetCaseAsync(id);
        var atNow = await chair.GetCaseAsync(id, $"?at={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(5).ToString("o"))}");
        Assert.Equal(current.GetProperty("version").GetInt64(), atNow.GetProperty("version").GetInt64());
    }
}
