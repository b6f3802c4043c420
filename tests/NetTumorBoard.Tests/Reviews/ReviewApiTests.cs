using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Reviews;

/// <summary>Review between meetings through the API: reviewers, comments with mentions, notifications, the queue.</summary>
public sealed class ReviewApiTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<Guid> IdOf(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
    }

    private static async Task<JsonElement> NotificationsAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/notifications");

    [Fact]
    public async Task Opening_a_review_assigns_and_notifies_reviewers_who_mark_it_reviewed_and_bad_input_is_named()
    {
        using var chair = await app.SignedInAsync();
        using var pathologist = await app.SignedInAsync("pathologist@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Grade?", "REV-1");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var before = (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64();

        var observer = await IdOf("observer@demo.local");
        var bad = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/review", new { dueDate = today.AddDays(-1), reviewerIds = new[] { observer, observer, Guid.NewGuid() } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        // Errors name the positions as sent (the repeated id counts once).
        Assert.Equal(["dueDate", "reviewerIds[0]", "reviewerIds[2]"], bad.ErrorFields().Order());
        Assert.Equal(before, (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64());

        var unreadBefore = (await NotificationsAsync(pathologist)).GetProperty("unread").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await chair.PostAsJsonAsync($"/api/cases/{caseId}/review",
            new { dueDate = today.AddDays(3), reviewerIds = new[] { await IdOf("pathologist@demo.local") } })).StatusCode);
        var notifications = await NotificationsAsync(pathologist);
        Assert.Equal(unreadBefore + 1, notifications.GetProperty("unread").GetInt32());
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "ReviewAssigned" && n.GetProperty("caseLabel").GetString() == "REV-1");

        var queue = await pathologist.GetFromJsonAsync<JsonElement>("/api/reviews/mine");
        var item = queue.EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == caseId);
        Assert.False(item.GetProperty("reviewed").GetBoolean());

        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        await (await surgeon.PostAsJsonAsync($"/api/cases/{caseId}/review/done", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await pathologist.PostAsJsonAsync($"/api/cases/{caseId}/review/done", new { note = "Ki-67 re-counted: 14 %" })).EnsureSuccessStatusCode();
        var version = (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64();
        (await pathologist.PostAsJsonAsync($"/api/cases/{caseId}/review/done", new { note = "Ki-67 re-counted: 14 %" })).EnsureSuccessStatusCode();
        Assert.Equal(version, (await chair.GetCaseAsync(caseId)).GetProperty("version").GetInt64());
        var review = (await chair.GetCaseAsync(caseId)).GetProperty("review");
        Assert.True(review.GetProperty("reviewers")[0].GetProperty("reviewed").GetBoolean());
        await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/review", new { dueDate = today, reviewerIds = new[] { await IdOf("surgeon@demo.local") } }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_mention_notifies_the_member_a_reply_notifies_the_author_and_an_unknown_handle_is_refused()
    {
        using var chair = await app.SignedInAsync();
        using var radiologist = await app.SignedInAsync("radiologist@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "SmallIntestine" }, "SSA escalation?", "REV-2");

        var unknown = await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "@nobody please look" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["text"], unknown.ErrorFields());
        Assert.Contains("@radiologist", unknown.GetProperty("errors").GetProperty("text")[0].GetString());
        await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "  " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await chair.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "reply", parentId = Guid.NewGuid() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await chair.GetCaseAsync(caseId)).GetProperty("comments").EnumerateArray());

        var posted = await chair.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "@Radiologist is the segment VII lesion new on the July CT?" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var commentId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commentId").GetGuid();
        var mention = (await NotificationsAsync(radiologist)).GetProperty("items").EnumerateArray()
            .First(n => n.GetProperty("caseId").GetGuid() == caseId);
        Assert.Equal("Mention", mention.GetProperty("kind").GetString());
        Assert.Equal("Dr. Clara Chair", mention.GetProperty("actorName").GetString());

        (await radiologist.PostAsJsonAsync($"/api/cases/{caseId}/comments", new { text = "Yes, new since March.", parentId = commentId })).EnsureSuccessStatusCode();
        var reply = (await NotificationsAsync(chair)).GetProperty("items").EnumerateArray().First(n => n.GetProperty("caseId").GetGuid() == caseId);
        Assert.Equal("Reply", reply.GetProperty("kind").GetString());

        // Both now follow the case: a decision reaches the radiologist (not the chair, who made it).
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals", new { intervention = "SomatostatinAnalog", description = "Lanreotide 120 mg every 14 days", offGuidelineRationale = "Dose escalation is not in the attached guidance" });
        Assert.True(proposal.StatusCode == HttpStatusCode.Created, await proposal.Content.ReadAsStringAsync());
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposalId").GetGuid();
        (await chair.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { proposalId, rationale = "Escalate SSA", concordance = new { status = "Concordant" }, quorumOverrideReason = "Test" }))
            .EnsureSuccessStatusCode();
        var decided = (await NotificationsAsync(radiologist)).GetProperty("items").EnumerateArray().First(n => n.GetProperty("caseId").GetGuid() == caseId);
        Assert.Equal("DecisionRecorded", decided.GetProperty("kind").GetString());
        Assert.DoesNotContain((await NotificationsAsync(chair)).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("caseId").GetGuid() == caseId && n.GetProperty("kind").GetString() == "DecisionRecorded");

        (await radiologist.PostAsJsonAsync("/api/notifications/read", new { })).EnsureSuccessStatusCode();
        Assert.Equal(0, (await NotificationsAsync(radiologist)).GetProperty("unread").GetInt32());
    }
}
