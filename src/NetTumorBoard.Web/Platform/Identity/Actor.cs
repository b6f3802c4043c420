using System.Security.Claims;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>The person behind a command; every event records who acted.</summary>
public sealed record Actor(Guid UserId, string Name, Discipline Discipline)
{
    public const string DisciplineClaim = "ntb:discipline";
    public const string NameClaim = "ntb:name";

    public static Actor? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true ||
            !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }
        var name = principal.FindFirstValue(NameClaim) ?? principal.Identity.Name ?? "Unknown";
        var discipline = Enum.TryParse<Discipline>(principal.FindFirstValue(DisciplineClaim), out var d) ? d : Discipline.Other;
        return new Actor(id, name, discipline);
    }

    public static Actor System { get; } = new(Guid.Empty, "NetTumorBoard", Discipline.Other);
}
