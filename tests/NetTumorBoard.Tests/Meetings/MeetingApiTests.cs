using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using UglyToad.PdfPig;

namespace NetTumorBoard.Tests.Meetings;

/// <summary>A meeting through the API and the hub on a real port: schedule, agenda, live, attendance, minutes.</summary>
public sealed class MeetingApiTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateTimeOffset NextWeek = DateTimeOffset.UtcNow.AddDays(7);

    private static async Task<Guid> ScheduleAsync(HttpClient chair, object? body = null)
    {
        var response = await chair.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings",
            body ?? new { startsAt = NextWeek, durationMinutes = 60, location = "Room 4.12", videoLink = "https://meet.example.org/net" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Guid? Current(JsonElement message) =>
        message.GetProperty("currentCaseId").ValueKind == JsonValueKind.String ? message.GetProperty("currentCaseId").GetGuid() : null;

    private static Task<JsonElement> MeetingAsync(HttpClient client, Guid id) => client.GetFromJsonAsync<JsonElement>($"/api/meetings/{id}");

    [Fact]
    public async Task Scheduling_is_for_coordinators_and_bad_details_are_named()
    {
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        var id = await ScheduleAsync(coordinator);
        var meeting = await MeetingAsync(chair, id);
        Assert.Equal("NET Tumor Board meeting", meeting.GetProperty("title").GetString());
        Assert.Equal("Scheduled", meeting.GetProperty("status").GetString());

        await (await surgeon.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { startsAt = NextWeek, durationMinutes = 60 }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var chairRefused = await (await chair.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { startsAt = NextWeek, durationMinutes = 60 }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("coordinator", chairRefused.GetProperty("title").GetString());
        var bad = await (await coordinator.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { durationMinutes = 1000, videoLink = "not a link" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["durationMinutes", "startsAt", "videoLink"], bad.ErrorFields().Order());
        var malformed = await (await coordinator.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { startsAt = "next thursday", durationMinutes = 60 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("startsAt", malformed.ErrorFields());
        // A start in year 9999 was saved, and its calendar file then failed (500) on the end time.
        var farFuture = await (await coordinator.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings",
            new { startsAt = "9999-12-31T23:50:00Z", durationMinutes = 60 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("startsAt", farFuture.ErrorFields());
        await (await outsider.GetAsync($"/api/meetings/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var ics = await chair.GetAsync($"/api/meetings/{id}.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("SUMMARY:NET Tumor Board meeting", text);
        Assert.Contains("LOCATION:Room 4.12", text);
    }

    [Fact]
    public async Task A_bad_agenda_is_refused_naming_each_item_and_changes_nothing()
    {
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var id = await ScheduleAsync(coordinator);
        var a = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        var b = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" });
        var lung = await chair.PostAsJsonAsync($"/api/boards/{DemoData.LungBoardId}/cases", new { patient = new { pseudonym = "LUNG-9" } });
        var lungCase = (await lung.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = (await MeetingAsync(chair, id)).GetProperty("version").GetInt64();

        var refused = await (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            items = new object[]
            {
                new { caseId = a, minutes = 5, triage = "Discuss" }, new { caseId = lungCase, minutes = 5, triage = "Discuss" },
                new { caseId = a, minutes = 5, triage = "Discuss" }, new { caseId = b, minutes = -2, triage = "Discuss" },
            },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["items[1].caseId", "items[2].caseId", "items[3].minutes"], refused.ErrorFields().Order());
        var badTriage = await (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { items = new[] { new { caseId = a, minutes = 5, triage = "Maybe" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(badTriage.ErrorFields(), f => f.Contains("triage", StringComparison.Ordinal));
        Assert.Equal(before, (await MeetingAsync(chair, id)).GetProperty("version").GetInt64());
        Assert.Empty((await MeetingAsync(chair, id)).GetProperty("agenda").EnumerateArray());

        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            items = new object[] { new { caseId = b, minutes = 6, triage = "StandardOfCare" }, new { caseId = a, minutes = 8, triage = "Discuss" } },
        })).EnsureSuccessStatusCode();
        var agenda = (await MeetingAsync(chair, id)).GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal([b, a], agenda.Select(i => i.GetProperty("caseId").GetGuid()));
        Assert.False(agenda[1].GetProperty("ready").GetBoolean());
        Assert.NotEmpty(agenda[1].GetProperty("missing").EnumerateArray());
    }

    /// <summary>
    /// Two planners editing the agenda at once: a save that names the agenda version it was drafted on is refused when
    /// the agenda changed since (409 with the agenda as it is now), so one planner's added case is never silently removed.
    /// </summary>
    [Fact]
    public async Task An_agenda_drafted_on_an_older_agenda_is_refused_with_the_current_one_and_changes_nothing()
    {
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var id = await ScheduleAsync(coordinator);
        var a = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        var x = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" });
        var drafted = (await MeetingAsync(chair, id)).GetProperty("agendaVersion").GetInt64();

        // One planner adds case X; the other, drafted before that, saves an agenda without it.
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            baseAgendaVersion = drafted, items = new object[] { new { caseId = a, minutes = 5, triage = "Discuss" }, new { caseId = x, minutes = 5, triage = "Discuss" } },
        })).EnsureSuccessStatusCode();
        var stale = await (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            baseAgendaVersion = drafted, items = new object[] { new { caseId = a, minutes = 8, triage = "Discuss" } },
        })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([a, x], stale.GetProperty("agenda").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
        var now = await MeetingAsync(chair, id);
        Assert.Equal(stale.GetProperty("agendaVersion").GetInt64(), now.GetProperty("agendaVersion").GetInt64());
        Assert.Equal([a, x], now.GetProperty("agenda").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));

        // Drafted on the current agenda, it goes through; without a base version it replaces as before.
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            baseAgendaVersion = now.GetProperty("agendaVersion").GetInt64(), items = new object[] { new { caseId = x, minutes = 5, triage = "Discuss" } },
        })).EnsureSuccessStatusCode();
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { items = new object[] { new { caseId = a, minutes = 5, triage = "Discuss" } } }))
            .EnsureSuccessStatusCode();
        Assert.Equal([a], (await MeetingAsync(chair, id)).GetProperty("agenda").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
    }

    /// <summary>
    /// Before anyone votes, the meeting's quorum counts who is present — but only those who can vote: an observer who
    /// happens to be a pathologist does not make pathology "present".
    /// </summary>
    [Fact]
    public async Task An_observer_present_at_the_meeting_covers_no_discipline_in_the_quorum()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var observer = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("email").GetString() == "observer@demo.local");
        (await admin.PutAsJsonAsync($"/api/users/{observer.GetProperty("id").GetGuid()}", new { discipline = "Pathology" })).EnsureSuccessStatusCode();
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var id = await ScheduleAsync(coordinator);
        var a = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { items = new object[] { new { caseId = a, minutes = 5, triage = "Discuss" } } })).EnsureSuccessStatusCode();
        (await chair.PostAsync($"/api/meetings/{id}/start", null)).EnsureSuccessStatusCode();

        await using var hub = await HubClient.ConnectAsync(app.BaseAddress, await app.TokenAsync("observer@demo.local"));
        await hub.Connection.InvokeAsync("JoinMeeting", id);
        var meeting = await chair.GetFromJsonAsync<JsonElement>($"/api/meetings/{id}");
        Assert.Contains(meeting.GetProperty("attendees").EnumerateArray(), x => x.GetProperty("name").GetString() == "Otto Observer"); // present, and listed
        var quorum = meeting.GetProperty("quorum");
        Assert.Equal("present", quorum.GetProperty("basis").GetString());
        var pathology = quorum.GetProperty("status").GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("disciplines").EnumerateArray().Any(d => d.GetString() == "Pathology"));
        Assert.Empty(pathology.GetProperty("voters").EnumerateArray());
    }

    [Fact]
    public async Task A_hub_client_on_another_instance_follows_the_meeting()
    {
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var id = await ScheduleAsync(coordinator);
        var a = await chair.CreateCaseAsync(new { primarySite = "Pancreas" });
        var b = await chair.CreateCaseAsync(new { primarySite = "Lung" });
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            items = new object[] { new { caseId = a, minutes = 5, triage = "Discuss" }, new { caseId = b, minutes = 5, triage = "Discuss" } },
        })).EnsureSuccessStatusCode();

        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        await using var hub = await HubClient.ConnectAsync(second.BaseAddress, await app.TokenAsync("radiologist@demo.local"));
        await hub.Connection.InvokeAsync("JoinMeeting", id);
        (await chair.PostAsync($"/api/meetings/{id}/start", null)).EnsureSuccessStatusCode();
        (await chair.PostAsJsonAsync($"/api/meetings/{id}/current-case", new { caseId = b })).EnsureSuccessStatusCode();
        var state = await hub.WaitForAsync("MeetingStateChanged", m => Current(m) == b, TimeSpan.FromSeconds(10));
        Assert.Contains(state.GetProperty("attendees").EnumerateArray(), x => x.GetProperty("name").GetString() == "Dr. Raj Radiologist");
    }

    [Fact]
    public async Task A_live_meeting_moves_everyone_counts_attendance_and_its_minutes_list_cases_and_decisions()
    {
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        var id = await ScheduleAsync(coordinator);
        var a = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "CAPTEM or PRRT?", "MEET-A");
        var b = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" }, "Lanreotide?", "MEET-B");
        (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new
        {
            items = new object[] { new { caseId = a, minutes = 5, triage = "Discuss" }, new { caseId = b, minutes = 3, triage = "Discuss" } },
        })).EnsureSuccessStatusCode();

        await using var hub = await HubClient.ConnectAsync(app.BaseAddress, await app.TokenAsync("surgeon@demo.local"));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("JoinMeeting", Guid.NewGuid()));
        await hub.Connection.InvokeAsync("JoinMeeting", id);

        (await chair.PostAsync($"/api/meetings/{id}/start", null)).EnsureSuccessStatusCode();
        await hub.WaitForAsync("MeetingStateChanged", m => m.GetProperty("status").GetString() == "Live" && Current(m) == a);
        await (await surgeon.PostAsJsonAsync($"/api/meetings/{id}/current-case", new { caseId = b })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var notOnAgenda = await (await chair.PostAsJsonAsync($"/api/meetings/{id}/current-case", new { caseId = Guid.NewGuid() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["caseId"], notOnAgenda.ErrorFields());

        // A decision on the first case, then the chair moves on.
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{a}/proposals", new { intervention = "Captem", description = "CAPTEM, 6 cycles", offGuidelineRationale = "Not attached in this test" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await surgeon.PutAsJsonAsync($"/api/cases/{a}/proposals/{proposalId}/votes/me", new { choice = "Oppose", comment = "Resect first" })).EnsureSuccessStatusCode();
        (await chair.PostAsJsonAsync($"/api/cases/{a}/decision", new
        {
            proposalId, rationale = "Bulky progressive disease", concordance = new { status = "Deviation", reason = "Recommendation not attached" }, quorumOverrideReason = "Test board",
        })).EnsureSuccessStatusCode();
        (await chair.PostAsJsonAsync($"/api/meetings/{id}/current-case", new { caseId = b })).EnsureSuccessStatusCode();
        await hub.WaitForAsync("MeetingStateChanged", m => Current(m) == b);

        (await surgeon.PostAsJsonAsync($"/api/meetings/{id}/check-ins", new { mode = "Remote" })).EnsureSuccessStatusCode();
        var state = await hub.WaitForAsync("MeetingStateChanged", m => m.GetProperty("attendees").EnumerateArray()
            .Any(x => x.GetProperty("name").GetString() == "Dr. Sofia Surgeon" && x.GetProperty("mode").GetString() == "Remote" && x.GetProperty("online").GetBoolean()));
        Assert.Equal("Surgery", state.GetProperty("attendees").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "Dr. Sofia Surgeon").GetProperty("discipline").GetString());
        var noMode = await (await surgeon.PostAsJsonAsync($"/api/meetings/{id}/check-ins", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["mode"], noMode.ErrorFields());

        await (await chair.PostAsync($"/api/meetings/{id}/minutes", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var preview = await chair.GetStringAsync($"/api/meetings/{id}/minutes");
        Assert.Contains("Preview", preview);
        (await chair.PostAsync($"/api/meetings/{id}/end", null)).EnsureSuccessStatusCode();
        await hub.WaitForAsync("MeetingStateChanged", m => m.GetProperty("status").GetString() == "Ended");
        Assert.Equal(HttpStatusCode.Created, (await chair.PostAsync($"/api/meetings/{id}/minutes", null)).StatusCode);

        var html = await chair.GetStringAsync($"/api/meetings/{id}/minutes");
        Assert.DoesNotContain("Preview", html);
        Assert.Contains("MEET-A", html);
        Assert.Contains("Dr. Sofia Surgeon", html);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/meetings/{id}/minutes");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var pdf = await chair.SendAsync(request);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        Assert.Contains("MEET-A", text);
        Assert.Contains("MEET-B", text);
        Assert.Contains("CAPTEM, 6 cycles", text);
        Assert.Contains("Deviates from the guidelines", text);
        Assert.Contains("Resect first", text);
        Assert.Contains("No decision recorded", text);
        // What the decision was made without, on paper too: the quorum override and the incomplete work-up.
        Assert.Contains("decided because: Test board", html);
        Assert.Contains("Work-up incomplete:</span> WHO grade is missing.", html);
        Assert.Contains("Quorum: not met", text);
        Assert.Contains("Work-up incomplete: WHO grade is missing.", text);
        Assert.Contains("Guideline basis:</span> no guideline recommendation was linked to the plan", html); // what "deviates" was measured against
        Assert.Contains("Guideline basis: no guideline recommendation was linked to the plan", text);
        Assert.Matches(@"Planned \d+ min, discussed \d+ (s|min)", text); // not "discussed 0:05" beside "6 min"

        // After the end, the record is closed.
        await (await coordinator.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { items = Array.Empty<object>() })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await surgeon.PostAsJsonAsync($"/api/meetings/{id}/check-ins", new { mode = "InRoom" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
