using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Account.Sso;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Auth;

/// <summary>The app configured (by settings only) to sign in through <see cref="FakeOidcProvider"/>.</summary>
public sealed class OidcApp(TestCluster cluster) : TestApp(cluster)
{
    public FakeOidcProvider Idp { get; private set; } = default!;

    public override async ValueTask InitializeAsync()
    {
        Idp = await FakeOidcProvider.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Authentication:Oidc:Authority"] = Idp.Authority,
        ["Authentication:Oidc:ClientId"] = FakeOidcProvider.ClientId,
        ["Authentication:Oidc:ClientSecret"] = FakeOidcProvider.ClientSecret,
        ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
        ["Authentication:Oidc:DisplayName"] = "St. Elsewhere SSO",
        ["Authentication:Oidc:Claims:Roles"] = "groups",
        ["Authentication:Oidc:DisciplineMap:RAD"] = "Radiology",
        ["Authentication:Oidc:RoleMap:tb-net-members"] = $"board:{DemoData.NetBoardId}:Member",
        ["Authentication:Oidc:RoleMap:tb-auditors"] = "Auditor",
        ["Authentication:Oidc:LinkByEmail"] = "true",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

/// <summary>
/// Hospital sign-in end to end over HTTP: the app's sign-in page → the identity provider → the callback, with the
/// claims mapped to an account, a discipline, global roles and board roles; failures sign no one in.
/// </summary>
public sealed class OidcSignInTests(OidcApp app) : IClassFixture<OidcApp>
{
    private sealed record Outcome(HttpClient Browser, Uri Landed);

    /// <summary>Clicks "Sign in with …" on the sign-in page and follows every redirect, across both hosts, like a browser.</summary>
    private async Task<Outcome> SignInThroughHospitalAsync(Dictionary<string, object>? person, string returnUrl = "/cases", bool forged = false)
    {
        app.Idp.NextUser = person;
        app.Idp.SignWithForeignKey = forged;
        var browser = BrowserForms.NewBrowser(app.BaseAddress);
        var page = await browser.GetStringAsync("/account/login");
        Assert.Contains("Sign in with St. Elsewhere SSO", page);
        var response = await browser.PostAsync("/account/external", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = BrowserForms.AntiforgeryToken(page), ["returnUrl"] = returnUrl,
        }));
        for (var hop = 0; hop < 10 && (int)response.StatusCode is >= 300 and < 400; hop++)
        {
            response = await browser.GetAsync(new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!));
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Outcome(browser, response.RequestMessage!.RequestUri!);
    }

    private static Dictionary<string, object> Person(string subject, string email, string name, string? discipline = null, params string[] groups)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["email"] = email, ["email_verified"] = true, ["name"] = name };
        if (discipline is not null)
        {
            claims["discipline"] = discipline;
        }
        if (groups.Length > 0)
        {
            claims["groups"] = groups.ToList();
        }
        return claims;
    }

    private async Task<AppUser?> UserAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
    }

    private async Task<IReadOnlyList<string>> RolesAsync(AppUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return [.. await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(user)];
    }

    private static async Task<bool> SeesNetBoardAsync(HttpClient browser) =>
        (await browser.GetFromJsonAsync<JsonElement>("/api/boards")).EnumerateArray().Any(b => b.GetProperty("id").GetGuid() == DemoData.NetBoardId);

    [Fact]
    public async Task A_new_clinician_gets_an_account_with_the_mapped_discipline_and_roles_and_the_idp_stays_authoritative()
    {
        var first = await SignInThroughHospitalAsync(Person("h-1001", "nora.new@hospital.example", "Dr. Nora New", "RAD", "tb-net-members", "tb-auditors", "unrelated"));
        Assert.Equal("/cases", first.Landed.AbsolutePath);
        var nora = await UserAsync("nora.new@hospital.example");
        Assert.NotNull(nora);
        Assert.Equal(("Dr. Nora New", Discipline.Radiology), (nora.DisplayName, nora.Discipline));
        Assert.Equal([GlobalRoles.Auditor], await RolesAsync(nora));
        Assert.True(await SeesNetBoardAsync(first.Browser));
        Assert.Equal(HttpStatusCode.OK, (await first.Browser.GetAsync("/api/audit/access")).StatusCode);
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(DemoData.NetBoardId);
            var set = events.Select(e => e.Data).OfType<BoardMemberRolesSet>().Last(e => e.UserId == nora.Id);
            Assert.Equal([BoardRole.Member], set.Roles);
            Assert.Equal(Actor.System.UserId, set.By);
        }

        // Next time the IdP says: pathology, no longer on the NET board, no longer an auditor. The account follows.
        var second = await SignInThroughHospitalAsync(Person("h-1001", "nora.new@hospital.example", "Dr. Nora New", "Pathology"));
        Assert.Equal("/cases", second.Landed.AbsolutePath);
        nora = await UserAsync("nora.new@hospital.example");
        Assert.Equal(Discipline.Pathology, nora!.Discipline);
        Assert.Empty(await RolesAsync(nora));
        Assert.False(await SeesNetBoardAsync(second.Browser));
        Assert.Equal(HttpStatusCode.Forbidden, (await second.Browser.GetAsync("/api/audit/access")).StatusCode);
    }

    [Fact]
    public async Task An_existing_account_is_attached_by_email_and_keeps_what_the_mapping_does_not_name()
    {
        var before = await UserAsync("gastro@demo.local");
        var outcome = await SignInThroughHospitalAsync(Person("h-2002", "gastro@demo.local", before!.DisplayName, discipline: null, "tb-net-members"), "/meetings");
        Assert.Equal("/meetings", outcome.Landed.AbsolutePath);
        var after = await UserAsync("gastro@demo.local");
        Assert.Equal(before.Id, after!.Id);
        Assert.Equal(Discipline.Gastroenterology, after.Discipline); // no discipline claim: unchanged
        Assert.True(await SeesNetBoardAsync(outcome.Browser));
        // The password still works too.
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = "gastro@demo.local", password = DemoData.Password })).StatusCode);
    }

    [Fact]
    public async Task An_unverified_address_or_an_administrators_account_is_never_attached()
    {
        var unverified = Person("h-6006", "surgeon@demo.local", "Dr. Sofia Surgeon");
        unverified["email_verified"] = false;
        var outcome = await SignInThroughHospitalAsync(unverified);
        Assert.Contains("error=sso-conflict", outcome.Landed.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, (await outcome.Browser.GetAsync("/api/boards")).StatusCode);

        var admin = await SignInThroughHospitalAsync(Person("h-7007", "admin@demo.local", "Ada Admin"));
        Assert.Contains("error=sso-conflict", admin.Landed.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Browser.GetAsync("/api/users")).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Empty(await users.GetLoginsAsync((await users.FindByEmailAsync("admin@demo.local"))!));
        Assert.Empty(await users.GetLoginsAsync((await users.FindByEmailAsync("surgeon@demo.local"))!));
    }

    [Fact]
    public async Task A_board_role_the_mapping_does_not_name_stays_as_the_coordinator_set_it()
    {
        using var coordinator = await app.SignedInAsync("coordinator@demo.local");
        var nuclear = await UserAsync("nuclear@demo.local");
        (await coordinator.PutAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/members/{nuclear!.Id}", new { roles = new[] { "Member", "Coordinator" } })).EnsureSuccessStatusCode();

        // The IdP no longer lists the NET-board group: the mapped role (Member) goes, the coordinator's (Coordinator) stays.
        var outcome = await SignInThroughHospitalAsync(Person("h-8008", "nuclear@demo.local", nuclear.DisplayName));
        Assert.Equal("/cases", outcome.Landed.AbsolutePath);
        var members = await coordinator.GetFromJsonAsync<JsonElement>($"/api/boards/{DemoData.NetBoardId}/members");
        var roles = members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == nuclear.Id).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(["Coordinator"], roles);
        Assert.True(await SeesNetBoardAsync(outcome.Browser));
    }

    [Fact]
    public async Task A_disabled_account_a_refusal_and_a_forged_token_sign_no_one_in()
    {
        using var admin = await app.SignedInAsync("admin@demo.local");
        var endocrine = await admin.PostAsJsonAsync("/api/users", new { email = "disabled.sso@hospital.example", displayName = "Dr. Dis Abled", discipline = "Endocrinology" });
        var id = (await endocrine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { disabled = true })).EnsureSuccessStatusCode();

        var disabled = await SignInThroughHospitalAsync(Person("h-3003", "disabled.sso@hospital.example", "Dr. Dis Abled"));
        Assert.Equal("/account/login", disabled.Landed.AbsolutePath);
        Assert.Contains("error=disabled", disabled.Landed.Query);
        Assert.Contains("This account is disabled", await disabled.Browser.GetStringAsync(disabled.Landed.PathAndQuery));
        Assert.Equal(HttpStatusCode.Unauthorized, (await disabled.Browser.GetAsync("/api/boards")).StatusCode);

        var refused = await SignInThroughHospitalAsync(person: null);
        Assert.Contains("error=sso", refused.Landed.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, (await refused.Browser.GetAsync("/api/boards")).StatusCode);

        var issued = app.Idp.TokensIssued;
        var forged = await SignInThroughHospitalAsync(Person("h-4004", "forged@hospital.example", "Mallory"), forged: true);
        Assert.Equal(issued + 1, app.Idp.TokensIssued); // the token was issued and then refused by the app
        Assert.Contains("error=sso", forged.Landed.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.Browser.GetAsync("/api/boards")).StatusCode);
        Assert.Null(await UserAsync("forged@hospital.example"));
    }

    [Fact]
    public async Task Starting_hospital_sign_in_needs_the_pages_token_and_the_policy_admits_the_idp_as_form_target()
    {
        using var anonymous = app.Anonymous();
        var noToken = await anonymous.PostAsync("/account/external", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var csp = Assert.Single((await anonymous.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"form-action 'self' {app.Idp.Authority};", csp);
    }
}

/// <summary>The claim mapping and the settings check, without an identity provider.</summary>
public sealed class OidcMappingTests
{
    private static readonly Guid Board = Guid.Parse("0193a000-0000-7000-8000-00000000b001");

    private static OidcSettings Settings() => new()
    {
        Authority = "https://login.hospital.example/realms/staff", ClientId = "ntb",
        DisciplineMap = new(StringComparer.OrdinalIgnoreCase) { ["NUK"] = Discipline.NuclearMedicine },
        RoleMap = new(StringComparer.OrdinalIgnoreCase)
        {
            ["tb-chairs"] = $"board:{Board}:Chair", ["tb-guests"] = $"board:{Board}:observer", ["tb-admins"] = "admin",
        },
    };

    [Fact]
    public void Claims_map_to_discipline_global_and_board_roles_and_an_observer_holds_no_other_role()
    {
        var profile = OidcClaimMapping.Map(Settings(),
        [
            new Claim("sub", "42"), new Claim("email", "a@b.example"), new Claim("name", " Dr. A "), new Claim("discipline", "nuk"),
            new Claim("roles", "TB-CHAIRS"), new Claim("roles", "tb-guests"), new Claim("roles", "other"),
        ]);
        Assert.Equal(("42", "a@b.example", "Dr. A", (Discipline?)Discipline.NuclearMedicine), (profile.Subject, profile.Email, profile.Name, profile.Discipline));
        Assert.Equal([BoardRole.Chair], profile.BoardRoles[Board]);
        Assert.Empty(profile.GlobalRoles);
        Assert.Equal([GlobalRoles.Admin], profile.ManagedGlobalRoles);
        Assert.Equal([BoardRole.Chair, BoardRole.Observer], profile.ManagedBoardRoles[Board].Order());
        Assert.True(profile.EmailVerified is false); // no email_verified claim
        // Roles the mapping names follow the claims; others stay; an observer holds no other role.
        Assert.Equal([BoardRole.Chair, BoardRole.Coordinator, BoardRole.Member], profile.RolesOn(Board, [BoardRole.Coordinator, BoardRole.Member, BoardRole.Observer]));
        Assert.Empty(OidcClaimMapping.Map(Settings(), [new Claim("sub", "1")]).RolesOn(Board, [BoardRole.Observer]));
        Assert.Equal([BoardRole.Member], OidcClaimMapping.Map(Settings(), [new Claim("sub", "1")]).RolesOn(Guid.NewGuid(), [BoardRole.Member]));
        Assert.True(OidcClaimMapping.Map(Settings(), [new Claim("sub", "1"), new Claim("email_verified", "True")]).EmailVerified);

        var named = OidcClaimMapping.Map(Settings(), [new Claim("sub", "7"), new Claim("discipline", "Medical Oncology"), new Claim("roles", "tb-admins")]);
        Assert.Equal(Discipline.MedicalOncology, named.Discipline);
        Assert.Equal([GlobalRoles.Admin], named.GlobalRoles);
        Assert.Null(OidcClaimMapping.Map(Settings(), [new Claim("sub", "7"), new Claim("discipline", "Astrology")]).Discipline);
    }

    [Fact]
    public void Misconfiguration_is_reported_at_start_up_naming_the_setting()
    {
        var bad = Settings();
        bad.ClientId = null;
        bad.Authority = "http://idp.example";
        bad.RoleMap["x"] = "board:not-a-guid:Chair";
        bad.RoleMap["y"] = "Superuser";
        var problems = string.Join("\n", bad.Problems());
        Assert.Contains("Authentication:Oidc:ClientId is required", problems);
        Assert.Contains("RequireHttpsMetadata=false", problems);
        Assert.Contains("RoleMap:x", problems);
        Assert.Contains("RoleMap:y", problems);
        Assert.Empty(Settings().Problems());
        Assert.Empty(new OidcSettings().Problems()); // off
    }
}
