using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Tests.Auth;

/// <summary>
/// Every API route of the running app (read from its endpoint data source, not from a list kept by hand) and every hub
/// method, called as anonymous, non-member, observer, member, auditor, coordinator and chair against objects of the NET board.
/// Each route must be classified below: a route added later without a classification (and so without a reviewed
/// policy) fails this test, and so does one whose answers do not match its class.
/// </summary>
public sealed class AuthorizationMatrixTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>How a route is protected, which decides what each role must get.</summary>
    private enum Access
    {
        /// <summary>Reads one object of a board: members and auditors read; others get 404.</summary>
        BoardRead,
        /// <summary>Changes board content any contributing member may change (not observers, not auditors).</summary>
        MemberWrite,
        /// <summary>Changes only a chair may make (decisions).</summary>
        ChairWrite,
        /// <summary>Running a meeting: the chair or a coordinator.</summary>
        RunnerWrite,
        /// <summary>Planning meetings (schedule, change, agenda): coordinators only.</summary>
        PlannerWrite,
        /// <summary>Membership: coordinators (and administrators) only — not even the chair.</summary>
        CoordinatorWrite,
        /// <summary>Personal to the caller (follow, review queue, notifications): any member, not an outsider.</summary>
        MemberSelf,
        /// <summary>Lists across the caller's own boards: everyone signed in gets 200 and sees only their boards.</summary>
        OwnList,
        /// <summary>The shared guideline library: every signed-in user reads it.</summary>
        Library,
        /// <summary>Global roles only.</summary>
        AdminOnly, EditorOnly, AuditorOnly,
    }

    private static readonly Dictionary<string, Access> Routes = new()
    {
        ["GET /api/boards"] = Access.OwnList,
        ["POST /api/boards"] = Access.AdminOnly,
        ["GET /api/boards/{boardId}/meetings"] = Access.BoardRead,
        ["POST /api/boards/{boardId}/meetings"] = Access.PlannerWrite,
        ["POST /api/boards/{boardId}/cases"] = Access.MemberWrite,
        ["GET /api/boards/{id}/candidates"] = Access.CoordinatorWrite,
        ["GET /api/boards/{id}/members"] = Access.BoardRead,
        ["PUT /api/boards/{id}/members/{userId}"] = Access.CoordinatorWrite,
        ["DELETE /api/boards/{id}/members/{userId}"] = Access.CoordinatorWrite,
        ["GET /api/cases"] = Access.OwnList,
        ["GET /api/cases/{id}"] = Access.BoardRead,
        ["PATCH /api/cases/{id}/fields"] = Access.MemberWrite,
        ["PUT /api/cases/{id}/sections/{key}"] = Access.MemberWrite,
        ["POST /api/cases/{id}/status"] = Access.MemberWrite,
        ["POST /api/cases/{id}/rediscussions"] = Access.MemberWrite,
        ["GET /api/cases/{id}/readiness"] = Access.BoardRead,
        ["GET /api/cases/{id}/suggestions"] = Access.BoardRead,
        ["GET /api/cases/{id}/open-questions"] = Access.BoardRead,
        ["GET /api/cases/{id}/recommendations"] = Access.BoardRead,
        ["POST /api/cases/{id}/recommendations"] = Access.MemberWrite,
        ["DELETE /api/cases/{id}/recommendations/{recommendationId}"] = Access.MemberWrite,
        ["POST /api/cases/{id}/proposals"] = Access.MemberWrite,
        ["POST /api/cases/{id}/proposals/{proposalId}/withdrawal"] = Access.ChairWrite, // the proposer or the chair; the matrix's member did not propose
        ["POST /api/cases/{id}/proposals/{proposalId}/recommendations"] = Access.ChairWrite, // likewise
        ["PUT /api/cases/{id}/proposals/{proposalId}/votes/me"] = Access.MemberWrite,
        ["GET /api/cases/{id}/quorum"] = Access.BoardRead,
        ["POST /api/cases/{id}/decision"] = Access.ChairWrite,
        ["POST /api/cases/{id}/decision/amendments"] = Access.ChairWrite,
        ["POST /api/cases/{id}/decision/retraction"] = Access.ChairWrite,
        ["POST /api/cases/{id}/follow-up-tasks"] = Access.MemberWrite,
        ["POST /api/cases/{id}/follow-up-tasks/{taskId}/completion"] = Access.MemberWrite,
        ["POST /api/cases/{id}/review"] = Access.MemberWrite,
        ["POST /api/cases/{id}/review/reviewers"] = Access.MemberWrite,
        ["POST /api/cases/{id}/review/done"] = Access.MemberWrite,
        ["POST /api/cases/{id}/comments"] = Access.MemberWrite,
        ["PUT /api/cases/{id}/follow"] = Access.MemberSelf,
        ["DELETE /api/cases/{id}/follow"] = Access.MemberSelf,
        ["GET /api/cases/{id}/history"] = Access.BoardRead,
        ["GET /api/cases/{id}/ledger/verify"] = Access.BoardRead,
        ["GET /api/cases/{id}/export/json"] = Access.BoardRead,
        ["GET /api/cases/{id}/export/fhir"] = Access.BoardRead,
        ["GET /api/decisions"] = Access.OwnList,
        ["GET /api/decisions/stats"] = Access.OwnList,
        ["GET /api/follow-up-tasks"] = Access.OwnList,
        ["GET /api/guidelines"] = Access.Library,
        ["GET /api/guidelines/{id}"] = Access.Library,
        ["GET /api/guidelines/{id}/versions"] = Access.Library,
        ["GET /api/guidelines/export"] = Access.EditorOnly,
        ["POST /api/guidelines"] = Access.EditorOnly,
        ["PUT /api/guidelines/{id}"] = Access.EditorOnly,
        ["POST /api/guidelines/{id}/verification"] = Access.EditorOnly,
        ["POST /api/guidelines/import"] = Access.EditorOnly,
        ["GET /api/open-questions"] = Access.Library,
        ["GET /api/meetings"] = Access.OwnList,
        ["GET /api/meetings/{id}"] = Access.BoardRead,
        ["PUT /api/meetings/{id}"] = Access.PlannerWrite,
        ["GET /api/meetings/{id}.ics"] = Access.BoardRead,
        ["PUT /api/meetings/{id}/agenda"] = Access.PlannerWrite,
        ["POST /api/meetings/{id}/start"] = Access.RunnerWrite,
        ["POST /api/meetings/{id}/current-case"] = Access.RunnerWrite,
        ["POST /api/meetings/{id}/end"] = Access.RunnerWrite,
        ["POST /api/meetings/{id}/check-ins"] = Access.MemberSelf,
        ["GET /api/meetings/{id}/minutes"] = Access.BoardRead,
        ["POST /api/meetings/{id}/minutes"] = Access.RunnerWrite,
        ["GET /api/meetings/{id}/minutes.pdf"] = Access.BoardRead,
        ["GET /api/reviews/mine"] = Access.OwnList,
        ["GET /api/notifications"] = Access.OwnList,
        ["POST /api/notifications/read"] = Access.OwnList,
        ["GET /api/audit/verify"] = Access.AuditorOnly,
        ["POST /api/audit/checkpoints"] = Access.AuditorOnly,
        ["GET /api/audit/access"] = Access.AuditorOnly,
        ["GET /api/users"] = Access.AdminOnly,
        ["POST /api/users"] = Access.AdminOnly,
        ["PUT /api/users/{id}"] = Access.AdminOnly,
        ["POST /api/users/{id}/reset-link"] = Access.AdminOnly,
    };

    private static readonly string[] Roles = ["anonymous", "outsider", "observer", "member", "auditor", "coordinator", "chair"];

    private static string? Email(string role) => role switch
    {
        "outsider" => "outsider@demo.local",
        "observer" => "observer@demo.local",
        "member" => "surgeon@demo.local",
        "chair" => "chair@demo.local",
        "coordinator" => "coordinator@demo.local",
        "auditor" => "auditor@demo.local",
        _ => null,
    };

    /// <summary>The statuses each role may get for a class of route (the first listed is the usual one).</summary>
    private static HttpStatusCode[] Allowed(Access access, string role, string method)
    {
        var ok = new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Conflict };
        var read = method == "GET";
        if (role == "anonymous")
        {
            return [HttpStatusCode.Unauthorized];
        }
        return (access, role) switch
        {
            (Access.OwnList or Access.Library, _) => ok,
            (Access.AdminOnly or Access.EditorOnly, _) => [HttpStatusCode.Forbidden],
            (Access.AuditorOnly, "auditor") => ok,
            (Access.AuditorOnly, _) => [HttpStatusCode.Forbidden],
            (_, "outsider") => [HttpStatusCode.NotFound],
            (Access.BoardRead, _) => ok,
            (Access.CoordinatorWrite, "auditor") => [HttpStatusCode.Forbidden, HttpStatusCode.NotFound], // choosing new members is no audit
            (_, "auditor") => read ? ok : [HttpStatusCode.Forbidden, HttpStatusCode.NotFound],
            (_, "observer") when access == Access.MemberSelf => ok,
            (_, "observer") => [HttpStatusCode.Forbidden],
            (Access.MemberWrite or Access.MemberSelf, "member") => ok,
            (Access.ChairWrite or Access.RunnerWrite or Access.PlannerWrite or Access.CoordinatorWrite, "member") => [HttpStatusCode.Forbidden],
            (Access.CoordinatorWrite or Access.PlannerWrite, "chair") => [HttpStatusCode.Forbidden],
            (_, "chair") => ok,
            (Access.ChairWrite, "coordinator") => [HttpStatusCode.Forbidden],
            (_, "coordinator") => ok,
            _ => throw new InvalidOperationException($"no rule for {access} as {role}"),
        };
    }

    [Fact]
    public async Task Every_api_route_answers_each_role_as_its_class_requires()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var apiRoutes = endpoints
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.StartsWith("/api/auth", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Method: m, Pattern: Normalize(e.RoutePattern.RawText!), Endpoint: e)))
            .ToList();

        // 1. No route without a reviewed classification, none that lets anonymous callers in.
        var unclassified = apiRoutes.Where(r => !Routes.ContainsKey($"{r.Method} {r.Pattern}")).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(unclassified.Count == 0, "Routes without a classification in the authorization matrix:\n" + string.Join('\n', unclassified));
        var anonymousAllowed = apiRoutes.Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || r.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(anonymousAllowed.Count == 0, "API routes without an authorization policy:\n" + string.Join('\n', anonymousAllowed));
        Assert.Empty(Routes.Keys.Except(apiRoutes.Select(r => $"{r.Method} {r.Pattern}")));

        // 2. Real objects of the NET board to aim at.
        using var chair = await app.SignedInAsync();
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Matrix?");
        var proposal = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals",
            new { intervention = "SomatostatinAnalog", description = "Lanreotide", offGuidelineRationale = "Matrix test" }, ct);
        var proposalId = (await proposal.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("proposalId").GetGuid();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var meeting = await coordinator.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(7), durationMinutes = 60 }, ct);
        var meetingId = (await meeting.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        // Membership routes aim at an account made for this test, so a coordinator's successful removal harms no one else.
        using var admin = await app.SignedInAsync("admin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/users", new { email = $"matrix-{Guid.NewGuid():N}@demo.local", displayName = "Matrix Target", discipline = "Surgery" }, ct);
        var someMember = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("user").GetProperty("id").GetGuid();
        (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{someMember}", new { roles = new[] { "Member" } }, ct)).EnsureSuccessStatusCode();
        var guideline = (await chair.GetFromJsonAsync<JsonElement>("/api/guidelines", ct)).EnumerateArray().First().GetProperty("id").GetString()!;

        string Url(string pattern) => pattern
            .Replace("/boards/{boardId}", $"/boards/{DemoData.NetBoardId}").Replace("/boards/{id}", $"/boards/{DemoData.NetBoardId}")
            .Replace("/cases/{id}", $"/cases/{caseId}").Replace("/users/{id}", $"/users/{someMember}").Replace("/meetings/{id}", $"/meetings/{meetingId}")
            .Replace("{userId}", someMember.ToString()).Replace("{proposalId}", proposalId.ToString()).Replace("{taskId}", Guid.NewGuid().ToString())
            .Replace("{key}", "history").Replace("{recommendationId}", guideline).Replace("/guidelines/{id}", $"/guidelines/{guideline}");

        // 3. Every route as every role; all mismatches are collected and reported together.
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles)
        {
            clients[role] = Email(role) is { } email ? await app.SignedInAsync(email) : app.Anonymous();
        }
        var mismatches = new StringBuilder();
        // Roles run in the order listed, the coordinator and the chair last, so that their successful writes do not change
        // what the others see (e.g. a decision closing the vote).
        foreach (var role in Roles)
        {
            foreach (var (method, pattern, _) in apiRoutes.OrderBy(r => r.Method != "GET"))
            {
                var request = new HttpRequestMessage(new HttpMethod(method), Url(pattern));
                if (method != "GET")
                {
                    request.Content = JsonContent.Create(new { });
                }
                var response = await clients[role].SendAsync(request, ct);
                var allowed = Allowed(Routes[$"{method} {pattern}"], role, method);
                if (pattern.Contains("{taskId}", StringComparison.Ordinal) && role is "member" or "chair" or "coordinator")
                {
                    allowed = [.. allowed, HttpStatusCode.NotFound]; // the matrix aims at a task that does not exist
                }
                if (!allowed.Contains(response.StatusCode))
                {
                    mismatches.AppendLine($"{role,-9} {method,-6} {pattern}: {(int)response.StatusCode}, expected {string.Join('/', allowed.Select(s => (int)s))}");
                }
                if (role == "outsider" && response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (body.Contains(caseId.ToString(), StringComparison.OrdinalIgnoreCase) || body.Contains(meetingId.ToString(), StringComparison.OrdinalIgnoreCase))
                    {
                        mismatches.AppendLine($"outsider  {method,-6} {pattern}: the answer names a NET board case or meeting");
                    }
                }
            }
        }
        Assert.True(mismatches.Length == 0, "Authorization matrix mismatches:\n" + mismatches);
    }

    [Fact]
    public async Task Every_hub_method_answers_each_role_and_the_hub_refuses_anonymous_callers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var chair = await app.SignedInAsync();
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var caseId = await chair.CreateCaseAsync(new { primarySite = "Pancreas" }, "Hub matrix?");
        var meeting = await coordinator.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(7), durationMinutes = 60 }, ct);
        var meetingId = (await meeting.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        await using (var anonymous = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/board")).Build())
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync(ct));
            Assert.Contains("401", refused.Message);
        }

        // Joins first, leaves last, so that SetEditing runs while joined.
        var methods = typeof(BoardHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.DeclaringType == typeof(BoardHub) && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose"))
            .OrderBy(m => m.Name.StartsWith("Join", StringComparison.Ordinal) ? 0 : m.Name.StartsWith("Leave", StringComparison.Ordinal) ? 2 : 1)
            .ToList();
        Assert.NotEmpty(methods);
        var failures = new List<string>();
        foreach (var role in Roles.Where(r => r != "anonymous"))
        {
            var token = await app.TokenAsync(Email(role)!);
            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
            await connection.StartAsync(ct);
            foreach (var method in methods)
            {
                var target = method.GetParameters()[0].Name switch
                {
                    "caseId" => caseId,
                    "boardId" => DemoData.NetBoardId,
                    "meetingId" => meetingId,
                    var other => throw new InvalidOperationException($"BoardHub.{method.Name}: classify its first parameter '{other}' in this test"),
                };
                object?[] args = method.GetParameters().Length == 1 ? [target] : [target, "history"];
                // Leaving a group one never joined reveals nothing and changes nothing; members join and follow; only those
                // who may edit announce editing. Auditors read history through the API and pages, not the live hub.
                var expectAllowed = method.Name.StartsWith("Leave", StringComparison.Ordinal)
                    || role is "member" or "coordinator" or "chair"
                    || (role == "observer" && method.Name != "SetEditing");
                string? refusal = null;
                try
                {
                    await connection.InvokeCoreAsync(method.Name, args, ct);
                }
                catch (HubException e)
                {
                    refusal = e.Message;
                }
                if (expectAllowed && refusal is not null)
                {
                    failures.Add($"{role,-11} {method.Name}: refused ({refusal}), expected allowed");
                }
                else if (!expectAllowed && refusal is null)
                {
                    failures.Add($"{role,-11} {method.Name}: allowed, expected refused");
                }
                else if (!expectAllowed && role is "outsider" or "auditor" && !(refusal!.Contains("not found", StringComparison.OrdinalIgnoreCase) || refusal.Contains("Join the case first", StringComparison.Ordinal)))
                {
                    failures.Add($"{role,-11} {method.Name}: refused with '{refusal}', which should not tell a non-member that the object exists");
                }
            }
            if (connection.State != HubConnectionState.Connected)
            {
                failures.Add($"{role,-11} connection dropped after refusals");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", "{$1}").TrimEnd('/');
}
