using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Editing.Text;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Tests.Cases.Editing;

/// <summary>
/// The one-round-trip section write (<see cref="NetTumorBoard.Web.Cases.Editing.SectionAppender"/>) stores exactly what
/// Marten stores, keeps the hash chain intact, survives a stale memory (writes by other commands and other instances),
/// and loses no edit when two instances write the same section at once.
/// </summary>
public sealed class SectionAppenderTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record EventRow(string Type, string DotnetType, string Tenant, string? UserName, bool Archived, long Version, JsonNode Data);

    private async Task<List<EventRow>> EventsAsync(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select type, mt_dotnet_type, tenant_id, user_name, is_archived, version, data::text from {MartenSetup.Schema}.mt_events where stream_id = $1 order by version", connection);
        command.Parameters.AddWithValue(caseId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<EventRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new EventRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4), reader.GetInt64(5), JsonNode.Parse(reader.GetString(6))!));
        }
        return rows;
    }

    private async Task<(long DocVersion, string DotnetType, long StreamVersion)> RowsAsync(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select d.mt_version, d.mt_dotnet_type, s.version from {MartenSetup.Schema}.mt_doc_casedetails d join {MartenSetup.Schema}.mt_streams s on s.id = d.id where d.id = $1", connection);
        command.Parameters.AddWithValue(caseId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
    }

    /// <summary>A section edit appended through Marten's own session, as another command (or an older version of the app) would.</summary>
    private async Task AppendThroughMartenAsync(Guid caseId, string key, string from, string to, long version)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Guid.Empty.ToString();
        session.Events.Append(caseId, version + 1, new SectionEdited(caseId, key, TextDelta.Compute(from, to), version, Guid.Empty, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Rows_match_what_Marten_writes_and_Marten_reads_them_back_identically()
    {
        using var client = await app.SignedInAsync("pathologist@demo.local");
        var id = await client.CreateCaseAsync();
        await AppendThroughMartenAsync(id, "pathology", "", "Ki-67 14 %", 1);                     // v2 by Marten
        var (v3, _) = await client.PutSectionOkAsync(id, "pathology", 2, "Ki-67 14 %, mitoses 3."); // v3 by the fast path
        Assert.Equal(3, v3);

        var events = await EventsAsync(id);
        var (byMarten, byFastPath) = (events[1], events[2]);
        Assert.Equal((byMarten.Type, byMarten.DotnetType, byMarten.Tenant, byMarten.Archived), (byFastPath.Type, byFastPath.DotnetType, byFastPath.Tenant, byFastPath.Archived));
        Assert.Equal(byMarten.Data.AsObject().Select(p => p.Key).Order(), byFastPath.Data.AsObject().Select(p => p.Key).Order());
        Assert.True(Guid.TryParse(byFastPath.UserName, out _));

        var (docVersion, docType, streamVersion) = await RowsAsync(id);
        Assert.Equal((3L, 3L), (docVersion, streamVersion));
        Assert.Equal(typeof(CaseDetails).FullName, docType);

        // Marten reads the fast path's document and events like its own: the document equals the fold of the stream.
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var query = store.QuerySession();
        var document = await query.LoadAsync<CaseDetails>(id);
        var stream = await query.Events.FetchStreamAsync(id);
        var folded = CaseReplay.Apply(null, stream);
        Assert.Equal("Ki-67 14 %, mitoses 3.", document!.Sections["pathology"].Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(store.Options.Serializer().ToJson(folded)), JsonNode.Parse(store.Options.Serializer().ToJson(document))));
        Assert.IsType<SectionEdited>(stream[^1].Data);

        // The tamper-evident chain covers the fast path's events too.
        var verified = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");
        Assert.True(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(3, verified.GetProperty("checkedEvents").GetInt64());
    }

    [Fact]
    public async Task A_stale_memory_is_noticed_and_the_edit_is_merged_on_what_is_there_now()
    {
        using var client = await app.SignedInAsync("radiologist@demo.local");
        var id = await client.CreateCaseAsync();
        var (v2, _) = await client.PutSectionOkAsync(id, "imaging", 1, "CT: liver lesions.");
        // Behind the fast path's back: a field edit (another command) and a section edit written straight through Marten
        // (as another instance would).
        (await client.PatchFieldsAsync(id, v2, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 12 })).EnsureSuccessStatusCode();
        await AppendThroughMartenAsync(id, "imaging", "CT: liver lesions.", "CT: liver lesions. PET: SSTR positive.", 3);

        // The radiologist still edits from v2: her words and the other writer's both end up in the section.
        var (v5, text) = await client.PutSectionOkAsync(id, "imaging", v2, "CT: liver lesions, largest 41 mm.");
        Assert.Equal(5, v5);
        Assert.Contains("largest 41 mm", text);
        Assert.Contains("PET: SSTR positive.", text);
        Assert.Equal(Enumerable.Range(1, 5).Select(v => (long)v), (await EventsAsync(id)).Select(e => e.Version));
        var (docVersion, _, streamVersion) = await RowsAsync(id);
        Assert.Equal((5L, 5L), (docVersion, streamVersion));
    }

    [Fact]
    public async Task Nothing_to_change_is_answered_from_what_is_stored_not_from_an_outdated_memory()
    {
        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        using var first = await app.SignedInAsync("chair@demo.local");
        using var other = new HttpClient { BaseAddress = second.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.TokenAsync("surgeon@demo.local"));
        var id = await first.CreateCaseAsync();
        var (v2, _) = await first.PutSectionOkAsync(id, "history", 1, "Diagnosed 2023.");            // the first instance remembers v2
        var (v3, text3) = await other.PutSectionOkAsync(id, "history", v2, "Diagnosed 2023. Lanreotide since 2024."); // v3 through the second

        // Resending v2's text changes nothing — and the answer is the stored v3, not the first instance's memory of v2.
        var (version, text) = await first.PutSectionOkAsync(id, "history", v2, "Diagnosed 2023.");
        Assert.Equal((v3, text3), (version, text));
    }

    [Fact]
    public async Task Two_instances_writing_one_section_at_once_lose_no_edit()
    {
        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        using var first = await app.SignedInAsync("chair@demo.local");
        var id = await first.CreateCaseAsync();
        var (v, _) = await first.PutSectionOkAsync(id, "discussion", 1, "Options:");
        var token = await app.TokenAsync("surgeon@demo.local");

        var writers = Enumerable.Range(0, 6).Select(async w =>
        {
            using var client = w % 2 == 0 ? await app.SignedInAsync("chair@demo.local") : new HttpClient { BaseAddress = second.BaseAddress };
            client.DefaultRequestHeaders.Authorization ??= new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var (version, text) = (v, "Options:");
            for (var i = 0; i < 8; i++)
            {
                (version, text) = await client.PutSectionOkAsync(id, "discussion", version, $"{text} w{w}e{i}");
            }
        });
        await Task.WhenAll(writers);

        var final = (await first.GetCaseAsync(id)).GetProperty("sections").GetProperty("discussion").GetProperty("text").GetString()!;
        var missing = Enumerable.Range(0, 6).SelectMany(w => Enumerable.Range(0, 8).Select(i => $"w{w}e{i}")).Where(t => !final.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"missing: {string.Join(", ", missing)}\nfinal: {final}");
        var versions = (await EventsAsync(id)).Select(e => e.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(x => (long)x), versions);
        Assert.Equal(2 + 48, versions.Count);
    }
}

/// <summary>
/// Group commit (<see cref="NetTumorBoard.Web.Cases.Editing.SectionCommits"/>): edits of different cases written in one
/// transaction each stand on their own, and the ledger hashes the statement writes itself cannot be skipped unnoticed.
/// </summary>
public sealed class SectionCommitsTests(TestApp app) : IClassFixture<TestApp>
{
    private NetTumorBoard.Web.Cases.Editing.SectionAppender Appender => app.Services.GetRequiredService<NetTumorBoard.Web.Cases.Editing.SectionAppender>();
    private IDocumentStore Store => app.Services.GetRequiredService<IDocumentStore>();

    private static async Task<Guid[]> CreateCasesAsync(HttpClient client, int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await client.CreateCaseAsync();
        }
        return ids;
    }

    private async Task<CaseDetails> CaseAsync(Guid id)
    {
        await using var query = Store.QuerySession();
        return (await query.LoadAsync<CaseDetails>(id))!;
    }

    /// <summary>A burst in History that turns <paramref name="before"/> into <paramref name="after"/>, typed on <paramref name="baseVersion"/>.</summary>
    private static SectionEdited HistoryEdit(Guid id, string before, string after, long baseVersion, NetTumorBoard.Web.Platform.Identity.Actor actor) =>
        new(id, "history", TextDelta.Compute(before, after), baseVersion, actor.UserId, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Edits_written_together_commit_together_and_a_stale_one_writes_nothing_and_holds_no_one_back()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var ids = await CreateCasesAsync(client, 3);
        var actor = new NetTumorBoard.Web.Platform.Identity.Actor(Guid.NewGuid(), "Test", NetTumorBoard.Web.Platform.Identity.Discipline.MedicalOncology);
        var feed = app.Services.GetRequiredService<NetTumorBoard.Web.Platform.ChangeFeed.ChangeFeed>();
        var heard = new System.Collections.Concurrent.ConcurrentBag<(Guid, long)>();
        using var subscription = feed.Subscribe(n => { heard.Add((n.StreamId, n.Version)); return Task.CompletedTask; });

        var edits = new List<NetTumorBoard.Web.Cases.Editing.PendingSectionEdit>();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var state = await CaseAsync(id);
            // The middle case is decided on a version it is not at (as if its memory were from another timeline); its
            // notice, had one been sent, would say version 3 — a number no other notice of it can carry.
            var basis = i == 1 ? state with { Version = state.Version + 1 } : state;
            edits.Add(Appender.Pending(basis, HistoryEdit(id, "", $"Written together {i}.", basis.Version, actor), actor, out _));
        }
        await Appender.Commits.WriteTogetherAsync(edits);

        var written = await Task.WhenAll(edits.OrderBy(e => Array.IndexOf(ids, e.CaseId)).Select(e => e.Written.Task));
        Assert.Equal(new[] { true, false, true }, written);
        await using (var query = Store.QuerySession())
        {
            var docs = new List<CaseDetails?>();
            foreach (var id in ids)
            {
                docs.Add(await query.LoadAsync<CaseDetails>(id));
            }
            Assert.Equal(new[] { 2L, 1L, 2L }, docs.Select(d => d!.Version));
            Assert.Equal("Written together 0.", docs[0]!.Sections["history"].Text);
            Assert.False(docs[1]!.Sections.TryGetValue("history", out var untouched) && untouched.Text.Length > 0);
            Assert.Equal("Written together 2.", docs[2]!.Sections["history"].Text);
            var counts = new List<int>();
            foreach (var id in ids)
            {
                counts.Add((await query.Events.FetchStreamAsync(id)).Count);
            }
            Assert.Equal(new[] { 2, 1, 2 }, counts);
        }
        foreach (var id in new[] { ids[0], ids[2] })
        {
            var verified = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");
            Assert.True(verified.GetProperty("valid").GetBoolean());
            Assert.Equal(2, verified.GetProperty("checkedEvents").GetInt64());
        }
        // Notices for what was written, none for what was not.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(heard.Contains((ids[0], 2)) && heard.Contains((ids[2], 2))) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Contains((ids[0], 2L), heard);
        Assert.Contains((ids[2], 2L), heard);
        Assert.DoesNotContain(heard, h => h.Item1 == ids[1] && h.Item2 == 3);
    }

    [Fact]
    public async Task Two_edits_of_one_case_handed_over_together_are_written_one_after_the_other_and_the_stale_one_writes_nothing()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        var actor = new NetTumorBoard.Web.Platform.Identity.Actor(Guid.NewGuid(), "Test", NetTumorBoard.Web.Platform.Identity.Discipline.Surgery);
        var state = await CaseAsync(id);
        var edits = new[] { "First.", "Second." }.Select(text => Appender.Pending(state, HistoryEdit(id, "", text, state.Version, actor), actor, out _)).ToList();

        await Appender.Commits.WriteTogetherAsync(edits);

        var written = await Task.WhenAll(edits.Select(e => e.Written.Task));
        Assert.Single(written, true); // both were decided on version 1: only one can be appended on it
        await using (var query = Store.QuerySession())
        {
            Assert.Equal(2, (await query.Events.FetchStreamAsync(id)).Count);
            Assert.Equal(2, (await query.LoadAsync<CaseDetails>(id))!.Version);
        }
        var verified = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");
        Assert.True(verified.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task After_a_shared_commit_a_lone_edit_waits_for_company_only_briefly_and_then_goes_out_alone()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var ids = await CreateCasesAsync(client, 5);
        var actor = new NetTumorBoard.Web.Platform.Identity.Actor(Guid.NewGuid(), "Test", NetTumorBoard.Web.Platform.Identity.Discipline.Radiology);
        // All at once: the first goes out alone, the others queue behind it and go out together. Whether they queued
        // depends on this thread not being held up between the calls (a loaded machine can hold it longer than the
        // batch waits for company), so the round is repeated until a commit was shared — what the rest of the test needs.
        CaseDetails? firstAfter = null;
        var text = "";
        for (var round = 1; round <= 10; round++)
        {
            var edits = new List<NetTumorBoard.Web.Cases.Editing.PendingSectionEdit>();
            firstAfter = null;
            var before = text;
            text += $"Together {round}. ";
            foreach (var id in ids)
            {
                var state = await CaseAsync(id);
                edits.Add(Appender.Pending(state, HistoryEdit(id, before, text, state.Version, actor), actor, out var next));
                firstAfter ??= next;
            }
            var together = edits.Select(Appender.Commits.WriteAsync).ToList();
            Assert.All(await Task.WhenAll(together), Assert.True);
            if (Appender.Commits.LastBatch > 1)
            {
                break;
            }
        }
        Assert.True(Appender.Commits.LastBatch > 1, $"in 10 rounds the queued edits never went out together (last batch: {Appender.Commits.LastBatch})");

        // Nobody comes back: the next edit waits at most Gather for company, then is written by itself.
        var lone = Appender.Pending(firstAfter!, HistoryEdit(ids[0], text, text + "Alone.", firstAfter!.Version, actor), actor, out _);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var write = Appender.Commits.WriteAsync(lone);
        Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.True(await write);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the lone edit took {clock.Elapsed}");
        Assert.Equal(1, Appender.Commits.LastBatch);
        Assert.Equal(text + "Alone.", (await client.GetCaseAsync(ids[0])).GetProperty("sections").GetProperty("history").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Concurrent_writers_on_different_cases_share_commits_and_every_edit_lands_once()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var ids = await CreateCasesAsync(client, 8);
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            using var writer = await app.SignedInAsync("chair@demo.local");
            var (version, text) = (1L, "");
            for (var i = 0; i < 12; i++)
            {
                (version, text) = await writer.PutSectionOkAsync(id, "history", version, $"{text} e{i}");
            }
            Assert.Equal(13, version);
        })));

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Every edit is there once, versions contiguous, each with its hash; edits of different cases shared transactions
        // (they carry their transaction's start time).
        await using var command = new NpgsqlCommand(
            $"""
            select count(*), count(distinct (e.stream_id, e.version)), count(h.seq_id), max(e.version), min(e.version),
                   (select max(n) from (select count(*) n from {MartenSetup.Schema}.mt_events x where x.stream_id = any($1) and x.version > 1 group by x.timestamp) t)
            from {MartenSetup.Schema}.mt_events e left join {MartenSetup.Schema}.ntb_event_hashes h on h.seq_id = e.seq_id
            where e.stream_id = any($1) and e.version > 1
            """, connection);
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((96L, 96L, 96L, 13L, 2L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        Assert.True(reader.GetInt64(5) >= 2, "no two edits shared a commit");
        foreach (var id in ids)
        {
            var text = (await client.GetCaseAsync(id)).GetProperty("sections").GetProperty("history").GetProperty("text").GetString()!;
            Assert.All(Enumerable.Range(0, 12), i => Assert.Contains($"e{i}", text));
        }
    }

    [Fact]
    public async Task Against_the_trigger_of_an_unmigrated_database_an_edit_still_lands_with_one_hash()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var s = MartenSetup.Schema;
        // The trigger as it was before the section statement wrote hashes itself (no WHEN): both write the same hash.
        await new NpgsqlCommand($"drop trigger ntb_hash_event on {s}.mt_events; create trigger ntb_hash_event before insert on {s}.mt_events for each row execute function {s}.ntb_hash_event()", connection).ExecuteNonQueryAsync();
        try
        {
            var (version, _) = await client.PutSectionOkAsync(id, "history", 1, "Written while the old trigger was in place.");
            Assert.Equal(2, version);
            var verified = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");
            Assert.True(verified.GetProperty("valid").GetBoolean());
            Assert.Equal(2, verified.GetProperty("checkedEvents").GetInt64());
        }
        finally
        {
            await new NpgsqlCommand(NetTumorBoard.Web.Audit.Ledger.LedgerSchema.Sql, connection).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_case_held_by_a_long_transaction_holds_up_only_its_own_edit()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var held = await client.CreateCaseAsync();
        var free = await client.CreateCaseAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lockRow = new NpgsqlCommand($"select version from {MartenSetup.Schema}.mt_streams where id = $1 for update", connection, transaction);
        lockRow.Parameters.AddWithValue(held);
        await lockRow.ExecuteScalarAsync();

        var heldEdit = client.PutSectionOkAsync(held, "history", 1, "Typed while the case was held.");
        await Task.Delay(100);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (freeVersion, _) = await client.PutSectionOkAsync(free, "history", 1, "Typed meanwhile elsewhere.");
        var freeTook = clock.Elapsed;
        Assert.Equal(2, freeVersion);
        Assert.False(heldEdit.IsCompleted);

        await transaction.RollbackAsync(); // the long transaction ends: the held edit lands on its writer's retry
        var (heldVersion, heldText) = await heldEdit;
        Assert.Equal((2L, "Typed while the case was held."), (heldVersion, heldText));
        Assert.True(freeTook < TimeSpan.FromSeconds(5), $"the free case's edit waited {freeTook}");
    }

    [Fact]
    public async Task A_NUL_character_is_refused_with_a_field_error_and_nothing_is_written()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        var response = await client.PutAsJsonAsync($"/api/cases/{id}/sections/history", new { baseVersion = 1, text = "Ki-67 3 %\u0000" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(1, (await client.GetCaseAsync(id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_NUL_character_in_a_field_or_a_new_case_is_refused_naming_the_field()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        var patch = await client.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["question"] = "CAPTEM or PRRT?\u0000" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.True((await patch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("question", out _));
        Assert.Equal(1, (await client.GetCaseAsync(id)).GetProperty("version").GetInt64());

        var create = await client.PostAsJsonAsync($"/api/boards/{NetTumorBoard.Web.Demo.DemoData.NetBoardId}/cases", new { patient = new { pseudonym = "PAN\u00000042" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, create.StatusCode);
        var errors = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("patient.pseudonym", out var message), errors.ToString());
        Assert.Contains("U+0000", message[0].GetString());
    }

    [Fact]
    public async Task Switching_the_ledger_trigger_off_without_writing_the_hash_is_reported_and_does_not_outlast_the_transaction()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        async Task AppendRawAsync(long version, bool switchOff)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (switchOff)
            {
                await new NpgsqlCommand($"select set_config('{NetTumorBoard.Web.Audit.Ledger.LedgerSchema.InlineSetting}', 'on', true)", connection, transaction).ExecuteNonQueryAsync();
            }
            await using var append = new NpgsqlCommand(
                $"select {MartenSetup.Schema}.mt_quick_append_events($1, 'case_details', '*DEFAULT*', array[gen_random_uuid()], array['section_edited'], " +
                $"array['NetTumorBoard.Web.Cases.SectionEdited, NetTumorBoard.Web'], array[$2::jsonb], array[null::bytea], array['x'], $3)", connection, transaction);
            append.Parameters.AddWithValue(id);
            append.Parameters.AddWithValue(JsonSerializer.Serialize(new { caseId = id, section = "history", delta = "+x", baseVersion = version }));
            append.Parameters.AddWithValue(version);
            await append.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await AppendRawAsync(1, switchOff: true);   // v2: no hash written
        await AppendRawAsync(2, switchOff: false);  // v3, same connection, next transaction: the trigger hashes it again

        await using var check = new NpgsqlCommand($"select version from {MartenSetup.Schema}.ntb_event_hashes where stream_id = $1 order by version", connection);
        check.Parameters.AddWithValue(id);
        var hashed = new List<long>();
        await using (var reader = await check.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                hashed.Add(reader.GetInt64(0));
            }
        }
        Assert.Equal(new[] { 1L, 3L }, hashed);
        var verified = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ledger/verify");
        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(2, verified.GetProperty("firstBrokenVersion").GetInt64());
    }
}
