using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Auth;

/// <summary>Administrators create, change, disable and re-enable accounts and hand out one-time password links.</summary>
public sealed class UserAdministrationTests(TestApp app) : IClassFixture<TestApp>
{
    private const string NewPassword = "Pancreas-NET-2027!";

    [Fact]
    public async Task A_bad_account_is_refused_naming_each_field_and_nothing_is_created()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).GetArrayLength();
        var bad = await admin.PostAsJsonAsync("/api/users", new { email = "not an address", displayName = "", discipline = (string?)null, roles = new[] { "Superuser" } });
        var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "email", "displayName", "discipline", "roles" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        }
        var duplicate = await admin.PostAsJsonAsync("/api/users", new { email = "chair@demo.local", displayName = "Again", discipline = "Surgery" });
        Assert.Contains("exists", (await duplicate.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("/api/users")).GetArrayLength());

        var me = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("email").GetString() == "admin@demo.local");
        var self = await admin.PutAsJsonAsync($"/api/users/{me.GetProperty("id").GetGuid()}", new { disabled = true });
        Assert.True((await self.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("disabled", out _));
    }

    [Fact]
    public async Task A_created_person_sets_a_password_with_the_link_signs_in_and_is_shut_out_when_disabled()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/users",
            new { email = "endo@demo.local", displayName = "Dr. Elif Endo", discipline = "Endocrinology", roles = new[] { "Auditor" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("user").GetProperty("id").GetGuid();
        Assert.Equal(["Auditor"], body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var link = new Uri(body.GetProperty("resetLink").GetProperty("link").GetString()!);
        Assert.False(body.GetProperty("user").GetProperty("canSignIn").GetBoolean()); // invited: the link is not used yet
        Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == id).GetProperty("canSignIn").GetBoolean());

        // Correcting the name or discipline before the person has used the link leaves the link working.
        var corrected = await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "Dr. Elif Endo-Kaya", discipline = "Gastroenterology" });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("Gastroenterology", (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("discipline").GetString());

        // No password yet: sign-in fails. Then the person opens the link and sets one through the page.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "endo@demo.local", password = NewPassword })).StatusCode);
        Assert.Equal("done", await SetPasswordThroughPageAsync(link, NewPassword));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "endo@demo.local", password = NewPassword })).StatusCode);
        // The link is one-time.
        Assert.Contains("expired or was already used", await SetPasswordThroughPageAsync(link, NewPassword + "x"));

        var disabled = await admin.PutAsJsonAsync($"/api/users/{id}", new { disabled = true, discipline = "Endocrinology" });
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        var refused = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "endo@demo.local", password = NewPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await admin.PutAsJsonAsync($"/api/users/{id}", new { disabled = false });
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "endo@demo.local", password = NewPassword })).StatusCode);

        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == id);
        Assert.Equal("Endocrinology", listed.GetProperty("discipline").GetString());
        Assert.False(listed.GetProperty("disabled").GetBoolean());
        Assert.True(listed.GetProperty("canSignIn").GetBoolean()); // the password is set
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{id}/reset-link", null)).StatusCode);
    }

    /// <summary>
    /// Sessions end (a new security stamp) when an account is disabled or its roles change, and only then: a corrected
    /// name or discipline, or the same roles sent again, leave the stamp — and with it the setup link — as they were.
    /// </summary>
    [Fact]
    public async Task The_security_stamp_rotates_on_disable_and_role_changes_only()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/users", new { email = "stamp@demo.local", displayName = "Dr. Stamp", discipline = "Pathology", roles = new[] { "Auditor" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetGuid();
        async Task<string> StampAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>();
            return (await users.FindByIdAsync(id.ToString()))!.SecurityStamp!;
        }
        async Task<string> AfterAsync(object change)
        {
            (await admin.PutAsJsonAsync($"/api/users/{id}", change)).EnsureSuccessStatusCode();
            return await StampAsync();
        }

        var stamp = await StampAsync();
        Assert.Equal(stamp, await AfterAsync(new { displayName = "Dr. Stamp-Kaya", discipline = "Radiology" }));
        Assert.Equal(stamp, await AfterAsync(new { roles = new[] { "Auditor" } })); // the same roles again
        var demoted = await AfterAsync(new { roles = Array.Empty<string>() });
        Assert.NotEqual(stamp, demoted);
        var disabled = await AfterAsync(new { disabled = true });
        Assert.NotEqual(demoted, disabled);
    }

    /// <summary>
    /// A page already open re-checks its account every minute: it stays signed in while the account is enabled and holds
    /// the roles the page was opened with, and loses them once disabled or stripped of a role (checked through the real store).
    /// </summary>
    [Fact]
    public async Task An_open_page_loses_its_sign_in_once_the_account_is_disabled_or_loses_a_role()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/users", new { email = "open.page@demo.local", displayName = "Dr. Open Page", discipline = "Pathology", roles = new[] { "Auditor" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetGuid();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<NetTumorBoard.Web.Platform.Identity.AppUser>>();
        var page = await factory.CreateAsync((await users.FindByIdAsync(id.ToString()))!); // as the page was opened: an auditor
        async Task<bool> StillValid()
        {
            await using var check = app.Services.CreateAsyncScope(); // as each recheck does: a fresh read of the account
            return await NetTumorBoard.Web.Users.OpenPageRecheck.StillValidAsync(page,
                check.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NetTumorBoard.Web.Platform.Identity.AppUser>>());
        }

        Assert.True(await StillValid());
        Assert.True(await NetTumorBoard.Web.Users.OpenPageRecheck.StillValidAsync(new System.Security.Claims.ClaimsPrincipal(), users)); // anonymous: nothing to take
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { discipline = "Radiology" })).EnsureSuccessStatusCode();
        Assert.True(await StillValid()); // a new discipline takes nothing away
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { roles = Array.Empty<string>() })).EnsureSuccessStatusCode();
        Assert.False(await StillValid()); // the page still carries "Auditor"
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { roles = new[] { "Auditor" } })).EnsureSuccessStatusCode();
        Assert.True(await StillValid());
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { disabled = true })).EnsureSuccessStatusCode();
        Assert.False(await StillValid());
    }

    /// <summary>GET the page from the link, then post its form with the antiforgery token, as a browser does.</summary>
    private async Task<string> SetPasswordThroughPageAsync(Uri link, string password)
    {
        using var browser = BrowserForms.NewBrowser(app.BaseAddress, followRedirects: true);
        var page = await browser.GetStringAsync(link.PathAndQuery);
        var token = BrowserForms.AntiforgeryToken(page);
        Assert.NotEmpty(token);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reset",
            ["__RequestVerificationToken"] = token,
            ["Input.Password"] = password,
            ["Input.Confirm"] = password,
        });
        var response = await browser.PostAsync(link.PathAndQuery, form);
        var html = await response.Content.ReadAsStringAsync();
        if (html.Contains("data-testid=\"reset-done\"", StringComparison.Ordinal))
        {
            return "done";
        }
        return WebUtility.HtmlDecode(html);
    }

}
