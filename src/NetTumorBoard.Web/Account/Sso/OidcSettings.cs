using System.Security.Claims;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Account.Sso;

/// <summary>
/// Hospital single sign-on over OpenID Connect, configured only by settings (section <c>Authentication:Oidc</c>).
/// Off unless <see cref="Authority"/> is set. See README "Hospital sign-in (OpenID Connect)".
/// </summary>
public sealed class OidcSettings
{
    public const string Section = "Authentication:Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The button text on the sign-in page: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "hospital sign-in";
    public string[] Scopes { get; set; } = ["openid", "profile", "email"];
    public bool RequireHttpsMetadata { get; set; } = true;
    public string CallbackPath { get; set; } = "/signin-oidc";
    /// <summary>Ask the userinfo endpoint for claims the ID token does not carry.</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }
    /// <summary>Create an account on the first sign-in of someone the IdP vouches for (otherwise only existing accounts may use SSO).</summary>
    public bool AutoProvision { get; set; } = true;
    /// <summary>
    /// Attach SSO to an existing local account with the same e-mail address — only when the IdP says the address is
    /// verified (<see cref="ClaimNames.EmailVerified"/> = true), and never to an administrator's account. Off by default:
    /// whoever controls the e-mail claim would otherwise control the local account.
    /// </summary>
    public bool LinkByEmail { get; set; }

    /// <summary>Extra origins the sign-in form may lead to (form-action), e.g. a federated IdP the authority forwards to.</summary>
    public string[] FormActionOrigins { get; set; } = [];

    public ClaimNames Claims { get; set; } = new();

    /// <summary>Discipline claim value → discipline (values equal to a discipline's name, e.g. "Radiology", need no entry).</summary>
    public Dictionary<string, Discipline> DisciplineMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Role/group claim value → a global role ("Admin", "Auditor", "GuidelineEditor") or a board role ("board:{boardId}:Chair",
    /// "board:{boardId}:Coordinator", "board:{boardId}:Member", "board:{boardId}:Observer"). The IdP is authoritative for every
    /// role that appears here: a user gets it exactly when the claim is present; roles not named here are left as they are.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public sealed class ClaimNames
    {
        public string Subject { get; set; } = "sub";
        public string Email { get; set; } = "email";
        public string Name { get; set; } = "name";
        public string Discipline { get; set; } = "discipline";
        public string Roles { get; set; } = "roles";
        /// <summary>"true" when the IdP verified the address; empty to treat every e-mail claim as verified (a staff directory).</summary>
        public string EmailVerified { get; set; } = "email_verified";
    }

    /// <summary>Problems that would only show at the first sign-in, reported at start-up instead.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            problems.Add($"{Section}:Authority must be an absolute http(s) URL.");
        }
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            problems.Add($"{Section}:Authority uses http; set {Section}:RequireHttpsMetadata=false only for a test identity provider.");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"{Section}:ClientId is required.");
        }
        foreach (var (claim, target) in RoleMap)
        {
            if (OidcClaimMapping.ParseTarget(target) is null)
            {
                problems.Add($"{Section}:RoleMap:{claim} = '{target}' is neither a global role ({string.Join(", ", GlobalRoles.All)}) nor board:{{boardId}}:{{Chair|Coordinator|Member|Observer}}.");
            }
        }
        return problems;
    }
}

/// <summary>What the IdP's claims say about a person, after the configured mapping.</summary>
public sealed record SsoProfile(
    string Subject, string? Email, bool EmailVerified, string? Name, Discipline? Discipline,
    IReadOnlySet<string> GlobalRoles, IReadOnlySet<string> ManagedGlobalRoles,
    IReadOnlyDictionary<Guid, BoardRole[]> BoardRoles, IReadOnlyDictionary<Guid, BoardRole[]> ManagedBoardRoles)
{
    /// <summary>
    /// A member's roles on a board after this sign-in: the roles the mapping names for the board follow the claims,
    /// the others stay as they are; an observer holds no other role. Empty: not (or no longer) a member.
    /// </summary>
    public IReadOnlyList<BoardRole> RolesOn(Guid boardId, IEnumerable<BoardRole> current)
    {
        var managed = ManagedBoardRoles.GetValueOrDefault(boardId) ?? [];
        var granted = BoardRoles.GetValueOrDefault(boardId) ?? [];
        var roles = current.Except(managed).Union(granted).Distinct().Order().ToList();
        return roles.Count > 1 ? [.. roles.Where(r => r != BoardRole.Observer)] : roles;
    }
}

/// <summary>Pure mapping from claims to a profile, so the rules can be tested without an identity provider.</summary>
public static class OidcClaimMapping
{
    public abstract record Target;
    public sealed record GlobalTarget(string Role) : Target;
    public sealed record BoardTarget(Guid BoardId, BoardRole Role) : Target;

    public static Target? ParseTarget(string value)
    {
        if (GlobalRoles.All.FirstOrDefault(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase)) is { } global)
        {
            return new GlobalTarget(global);
        }
        var parts = value.Split(':');
        return parts is ["board", var id, var role] && Guid.TryParse(id, out var boardId) && Enum.TryParse<BoardRole>(role, ignoreCase: true, out var boardRole)
               && Enum.IsDefined(boardRole)
            ? new BoardTarget(boardId, boardRole)
            : null;
    }

    public static SsoProfile Map(OidcSettings settings, IEnumerable<Claim> claims)
    {
        var list = claims.ToList();
        string? First(string type) => list.FirstOrDefault(c => c.Type == type)?.Value is { Length: > 0 } v ? v.Trim() : null;

        var subject = First(settings.Claims.Subject) ?? First(ClaimTypes.NameIdentifier) ?? "";
        Discipline? discipline = null;
        if (First(settings.Claims.Discipline) is { } d)
        {
            discipline = settings.DisciplineMap.TryGetValue(d, out var mapped) ? mapped
                : Enum.TryParse<Discipline>(d.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var named) && Enum.IsDefined(named) ? named
                : null;
        }

        var targets = settings.RoleMap.Select(kv => (Claim: kv.Key, Target: ParseTarget(kv.Value))).Where(t => t.Target is not null).ToList();
        var held = list.Where(c => c.Type == settings.Claims.Roles).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var granted = targets.Where(t => held.Contains(t.Claim)).Select(t => t.Target!).ToList();

        var boardRoles = granted.OfType<BoardTarget>().GroupBy(t => t.BoardId)
            .ToDictionary(g => g.Key, g => Normalize(g.Select(t => t.Role)));
        var verified = string.IsNullOrEmpty(settings.Claims.EmailVerified)
            || string.Equals(First(settings.Claims.EmailVerified), "true", StringComparison.OrdinalIgnoreCase);
        return new SsoProfile(
            subject, First(settings.Claims.Email), verified, First(settings.Claims.Name), discipline,
            granted.OfType<GlobalTarget>().Select(t => t.Role).ToHashSet(),
            targets.Select(t => t.Target).OfType<GlobalTarget>().Select(t => t.Role).ToHashSet(),
            boardRoles,
            targets.Select(t => t.Target).OfType<BoardTarget>().GroupBy(t => t.BoardId).ToDictionary(g => g.Key, g => g.Select(t => t.Role).Distinct().ToArray()));
    }

    /// <summary>An observer holds no other role: any contributing role wins over Observer.</summary>
    private static BoardRole[] Normalize(IEnumerable<BoardRole> roles)
    {
        var set = roles.Distinct().Order().ToList();
        return set.Count > 1 ? [.. set.Where(r => r != BoardRole.Observer)] : [.. set];
    }
}
