using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Realtime;

/// <summary>Clients as a browser or integration would be: REST for writes, the hub for news, on a real port.</summary>
public sealed class CoEditingHubTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Participant(HttpClient Http, HubClient Hub) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Hub.DisposeAsync();
        }
    }

    private async Task<Participant> JoinAsync(string email, Guid caseId, Uri? instance = null)
    {
        var hub = await HubClient.ConnectAsync(instance ?? app.BaseAddress, await app.TokenAsync(email));
        await hub.Connection.InvokeAsync("JoinCase", caseId);
        return new Participant(await app.SignedInAsync(email), hub);
    }

    /// <summary>What a client does on CaseChanged: re-read the case once it has heard of the version.</summary>
    private static async Task<string> TextAfterAsync(Participant p, Guid caseId, string section, long version)
    {
        await p.Hub.WaitForAsync("CaseChanged", m => m.GetProperty("caseId").GetGuid() == caseId && m.GetProperty("version").GetInt64() >= version);
        return (await p.Http.GetCaseAsync(caseId)).GetProperty("sections").GetProperty(section).GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task Two_clients_typing_in_one_section_at_once_both_end_with_the_merged_text()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync();
        var (v, _) = await chair.PutSectionOkAsync(id, "pathology", 1, "Well-differentiated NET.");
        await using var pathologist = await JoinAsync("pathologist@demo.local", id);
        await using var oncologist = await JoinAsync("oncologist@demo.local", id);

        var both = await Task.WhenAll(
            pathologist.Http.PutSectionOkAsync(id, "pathology", v, "Well-differentiated NET. Ki-67 14% (hotspot)."),
            oncologist.Http.PutSectionOkAsync(id, "pathology", v, "Well-differentiated pancreatic NET."));
        var last = both.Max(r => r.Version);

        var seenByPathologist = await TextAfterAsync(pathologist, id, "pathology", last);
        var seenByOncologist = await TextAfterAsync(oncologist, id, "pathology", last);
        Assert.Equal(seenByPathologist, seenByOncologist);
        Assert.Contains("Ki-67 14% (hotspot)", seenByPathologist);
        Assert.Contains("pancreatic", seenByPathologist);
        var changed = await pathologist.Hub.WaitForAsync("CaseChanged", m => m.GetProperty("version").GetInt64() == last);
        Assert.Equal(["SectionEdited"], changed.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.False(string.IsNullOrEmpty(changed.GetProperty("actor").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_stale_field_edit_gets_409_with_the_current_value_while_both_are_connected()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        await using var a = await JoinAsync("pathologist@demo.local", id);
        await using var b = await JoinAsync("oncologist@demo.local", id);
        await (await a.Http.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 14 })).VersionAsync();
        await b.Hub.WaitForAsync("CaseChanged", m => m.GetProperty("version").GetInt64() == 2);
        var problem = await (await b.Http.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 12 })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(14, problem.GetProperty("conflicts")[0].GetProperty("currentValue").GetDecimal());
    }

    [Fact]
    public async Task Presence_shows_who_views_and_who_edits_which_section()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync();
        await using var radiologist = await JoinAsync("radiologist@demo.local", id);
        await using var surgeon = await JoinAsync("surgeon@demo.local", id);

        static bool Lists(JsonElement m, string name, string? editing) => m.GetProperty("participants").EnumerateArray().Any(p =>
            p.GetProperty("name").GetString() == name &&
            (editing is null ? p.GetProperty("editingSection").ValueKind == JsonValueKind.Null : p.GetProperty("editingSection").GetString() == editing));

        await radiologist.Hub.WaitForAsync("PresenceChanged", m => Lists(m, "Dr. Sofia Surgeon", null) && Lists(m, "Dr. Raj Radiologist", null));
        await surgeon.Hub.Connection.InvokeAsync("SetEditing", id, "history");
        var editing = await radiologist.Hub.WaitForAsync("PresenceChanged", m => Lists(m, "Dr. Sofia Surgeon", "history"));
        Assert.Equal("Surgery", editing.GetProperty("participants").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Dr. Sofia Surgeon").GetProperty("discipline").GetString());

        // Someone who only reads is named as such (not taken for a discipline's voter); members take part (null).
        await using var observer = await JoinAsync("observer@demo.local", id);
        var withObserver = await radiologist.Hub.WaitForAsync("PresenceChanged", m => Lists(m, "Otto Observer", null));
        var participants = withObserver.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("Observer", participants["Otto Observer"].GetProperty("capacity").GetString());
        Assert.Equal(JsonValueKind.Null, participants["Dr. Sofia Surgeon"].GetProperty("capacity").ValueKind);

        await surgeon.Hub.Connection.InvokeAsync("LeaveCase", id);
        await radiologist.Hub.WaitForAsync("PresenceChanged", m => !m.GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Dr. Sofia Surgeon"));
    }

    [Fact]
    public async Task Hub_methods_refuse_bad_input_without_dropping_the_connection()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync();
        await using var client = await JoinAsync("gastro@demo.local", id);
        var unknown = await Assert.ThrowsAsync<HubException>(() => client.Hub.Connection.InvokeAsync("SetEditing", id, "genetics"));
        Assert.Contains("Unknown section", unknown.Message);
        var notJoined = await Assert.ThrowsAsync<HubException>(() => client.Hub.Connection.InvokeAsync("SetEditing", Guid.NewGuid(), "history"));
        Assert.Contains("Join the case first", notJoined.Message);
        await Assert.ThrowsAsync<HubException>(() => client.Hub.Connection.InvokeAsync("JoinCase", "not-a-guid"));
        Assert.Equal(HubConnectionState.Connected, client.Hub.Connection.State);
        await client.Hub.Connection.InvokeAsync("SetEditing", id, "imaging");
    }

    [Fact]
    public async Task A_hub_client_on_a_second_instance_hears_an_edit_made_through_the_first()
    {
        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync();
        await using var remote = await JoinAsync("nuclear@demo.local", id, second.BaseAddress);
        await using var local = await JoinAsync("chair@demo.local", id);

        var (version, _) = await chair.PutSectionOkAsync(id, "imaging", 1, "68Ga-DOTATATE PET: Krenning 4.");

        var heard = await remote.Hub.WaitForAsync("CaseChanged", m => m.GetProperty("caseId").GetGuid() == id && m.GetProperty("version").GetInt64() == version);
        Assert.Equal("Dr. Clara Chair", heard.GetProperty("actor").GetProperty("name").GetString());
        // Presence crosses instances too.
        await remote.Hub.WaitForAsync("PresenceChanged", m => m.GetProperty("participants").GetArrayLength() == 2);
    }
}
