using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Decisions;

/// <summary>Many members voting at once over the API while every one of them listens on the hub, on a real port.</summary>
public sealed class VotingIntegrationTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Discipline[] Disciplines =
    [
        Discipline.MedicalOncology, Discipline.Surgery, Discipline.Radiology, Discipline.Pathology, Discipline.NuclearMedicine,
        Discipline.Gastroenterology, Discipline.Endocrinology, Discipline.RadiationOncology, Discipline.Pulmonology,
    ];

    private async Task<IReadOnlyList<string>> CreateMembersAsync(int count, BoardRole role, string prefix)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"{prefix}{i}-{Guid.NewGuid():N}"[..20] + "@test.local";
            var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Voter {prefix}{i}", Discipline = Disciplines[i % Disciplines.Length] };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            db.BoardMemberships.Add(new BoardMembership { UserId = user.Id, BoardId = DemoData.NetBoardId, Roles = [role] });
            emails.Add(email);
        }
        await db.SaveChangesAsync();
        return emails;
    }

    private async Task<HttpClient> ClientAsync(string email)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(email));
        return client;
    }

    [Fact]
    public async Task Twenty_concurrent_voters_give_the_exact_tally_and_every_subscriber_sees_it()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "CAPTEM or PRRT?");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "Captem", description = "CAPTEM, 6 cycles", offGuidelineRationale = "Guideline not yet attached in this test" });
        Assert.Equal(HttpStatusCode.Created, proposal.StatusCode);
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();

        var voters = await CreateMembersAsync(20, BoardRole.Member, "v");
        var subscribers = new List<HubClient>();
        foreach (var email in voters)
        {
            var hub = await HubClient.ConnectAsync(app.BaseAddress, await app.TokenAsync(email));
            await hub.Connection.InvokeAsync("JoinCase", caseId);
            subscribers.Add(hub);
        }

        // Everyone votes at once; a few double-click (the same vote twice) and a few change their mind.
        var choices = Enumerable.Range(0, 20).Select(i => i % 4 == 0 ? "Oppose" : i % 7 == 0 ? "Abstain" : "Support").ToArray();
        await Task.WhenAll(voters.Select(async (email, i) =>
        {
            using var client = await ClientAsync(email);
            var url = $"/api/cases/{caseId}/proposals/{proposalId}/votes/me";
            if (i % 5 == 1)
            {
                (await client.PutAsJsonAsync(url, new { choice = "Oppose" })).EnsureSuccessStatusCode();
            }
            var first = client.PutAsJsonAsync(url, new { choice = choices[i], comment = $"vote {i}" });
            var second = i % 3 == 0 ? client.PutAsJsonAsync(url, new { choice = choices[i], comment = $"vote {i}" }) : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            (await first).EnsureSuccessStatusCode();
            (await second).EnsureSuccessStatusCode();
        }));

        var expected = (Support: choices.Count(c => c == "Support"), Oppose: choices.Count(c => c == "Oppose"), Abstain: choices.Count(c => c == "Abstain"));
        var proposals = (await chair.GetCaseAsync(caseId)).GetProperty("proposals");
        var tally = proposals[0].GetProperty("tally");
        Assert.Equal(expected, (tally.GetProperty("support").GetInt32(), tally.GetProperty("oppose").GetInt32(), tally.GetProperty("abstain").GetInt32()));
        Assert.Equal(20, proposals[0].GetProperty("votes").GetArrayLength());

        foreach (var hub in subscribers)
        {
            await hub.WaitForAsync("VoteTallyChanged", m => m.GetProperty("proposalId").GetGuid() == proposalId
                && m.GetProperty("support").GetInt32() == expected.Support && m.GetProperty("oppose").GetInt32() == expected.Oppose
                && m.GetProperty("abstain").GetInt32() == expected.Abstain, TimeSpan.FromSeconds(15));
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_chairs_finalizing_at_the_same_moment_yield_one_decision_and_one_conflict()
    {
        var secondChair = (await CreateMembersAsync(1, BoardRole.Chair, "c"))[0];
        using var chair = await app.SignedInAsync("chair@demo.local");
        using var other = await ClientAsync(secondChair);
        var caseId = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" }, "SSA?");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "SomatostatinAnalog", description = "Lanreotide 120 mg", offGuidelineRationale = "Attached later in practice; test" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Support" })).EnsureSuccessStatusCode();

        object Body(string who) => new
        {
            proposalId, rationale = $"Decided by {who}", concordance = new { status = "Concordant" }, quorumOverrideReason = "Test: small quorum",
        };
        var responses = await Task.WhenAll(chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", Body("first")),
            other.PostAsJsonAsync($"/api/cases/{caseId}/decision", Body("second")));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var body = await chair.GetCaseAsync(caseId);
        Assert.Equal("Decided", body.GetProperty("status").GetString());
        var decision = body.GetProperty("decision");
        Assert.False(decision.GetProperty("record").GetProperty("quorumMet").GetBoolean());
        Assert.Equal("Test: small quorum", decision.GetProperty("record").GetProperty("quorumOverrideReason").GetString());

        // Voting is closed now, and the register lists the decision.
        await (await chair.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Oppose" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var register = await chair.GetFromJsonAsync<JsonElement>($"/api/decisions?boardId={DemoData.NetBoardId}");
        Assert.Contains(register.EnumerateArray(), d => d.GetProperty("caseId").GetGuid() == caseId);
    }

    [Fact]
    public async Task Finalizing_without_quorum_names_the_missing_disciplines_and_changes_nothing()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "PRRT?");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "PrrtLu177", description = "177Lu-DOTATATE x 4", offGuidelineRationale = "Test rationale for PRRT" });
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        (await surgeon.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Support" })).EnsureSuccessStatusCode();
        var before = (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64();

        var refused = await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { proposalId, rationale = "PRRT", concordance = new { status = "Concordant" } });
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("No vote from pathology", problem.GetProperty("title").GetString());
        Assert.Equal(before, (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64());

        var quorum = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/quorum?proposalId={proposalId}");
        Assert.False(quorum.GetProperty("met").GetBoolean());
        Assert.Contains(quorum.GetProperty("groups").EnumerateArray(), g => g.GetProperty("covered").GetBoolean());

        using var observer = await app.SignedInAsync("observer@demo.local");
        await (await observer.PutAsJsonAsync($"/api/cases/{caseId}/proposals/{proposalId}/votes/me", new { choice = "Support" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await surgeon.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { proposalId, rationale = "x", concordance = new { status = "Concordant" }, quorumOverrideReason = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
