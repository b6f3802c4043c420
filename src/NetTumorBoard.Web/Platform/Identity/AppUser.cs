using Microsoft.AspNetCore.Identity;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>A clinician or staff member: Identity account plus discipline and board memberships.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Discipline Discipline { get; set; } = Discipline.Other;
    public List<BoardMembership> Memberships { get; set; } = [];
}

public sealed class BoardMembership
{
    public Guid UserId { get; set; }
    public Guid BoardId { get; set; }
    public List<BoardRole> Roles { get; set; } = [];
}
