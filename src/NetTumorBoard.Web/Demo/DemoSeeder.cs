using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Cases.Listing;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Demo;

/// <summary>Seeds the demo board, users and cases; running it again changes nothing.</summary>
public sealed class DemoSeeder(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IdentityDb identity, IDocumentStore store,
    TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        foreach (var role in GlobalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)), role);
            }
        }

        var ids = new Dictionary<string, Guid>();
        foreach (var demo in DemoData.Users)
        {
            ids[demo.Email] = await EnsureUserAsync(demo);
        }

        var chair = new Actor(ids["chair@demo.local"], "Dr. Clara Chair", Discipline.MedicalOncology);
        await EnsureBoardAsync(DemoData.NetBoardId, DemoData.NetBoardName, Board.NetBoardDisciplines, chair, ct, Board.NetBoardQuorum);
        await EnsureBoardAsync(DemoData.LungBoardId, DemoData.LungBoardName,
            [Discipline.Pulmonology, Discipline.Surgery, Discipline.Radiology, Discipline.Pathology, Discipline.MedicalOncology, Discipline.RadiationOncology],
            chair, ct);

        foreach (var demo in DemoData.Users.Where(u => u.NetBoardRole is not null))
        {
            var boardId = demo.LungBoardOnly ? DemoData.LungBoardId : DemoData.NetBoardId;
            await EnsureMembershipAsync(ids[demo.Email], boardId, demo.NetBoardRole!.Value, ct);
        }
        await EnsureMembershipAsync(chair.UserId, DemoData.LungBoardId, BoardRole.Chair, ct);

        await EnsureCasesAsync(chair, ct);
    }

    private async Task<Guid> EnsureUserAsync(DemoUser demo)
    {
        var user = await users.FindByEmailAsync(demo.Email);
        if (user is null)
        {
            user = new AppUser
            {
                Id = Guid.CreateVersion7(), UserName = demo.Email, Email = demo.Email, EmailConfirmed = true,
                DisplayName = demo.Name, Discipline = demo.Discipline,
            };
            Check(await users.CreateAsync(user, DemoData.Password), demo.Email);
        }
        if (demo.GlobalRole is { } role && !await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role), demo.Email);
        }
        return user.Id;
    }

    private async Task EnsureBoardAsync(Guid id, string name, IReadOnlyList<Discipline> disciplines, Actor actor, CancellationToken ct,
        IReadOnlyList<IReadOnlyList<Discipline>>? quorum = null)
    {
        await using var session = store.OpenSession(actor);
        var board = await session.LoadAsync<Board>(id, ct);
        if (board is null)
        {
            session.Events.StartStream<Board>(id, new BoardCreated(id, name, disciplines, Math.Min(disciplines.Count, 5), actor.UserId, clock.GetUtcNow()));
            logger.LogInformation("Seeded demo board {Board}", name);
        }
        if (quorum is not null && board?.QuorumDefined != true)
        {
            session.Events.Append(id, new BoardQuorumDefined(id, quorum, quorum.Count, actor.UserId, clock.GetUtcNow()));
        }
        await session.SaveChangesAsync(ct);
    }

    private async Task EnsureMembershipAsync(Guid userId, Guid boardId, BoardRole role, CancellationToken ct)
    {
        if (!await EntityFrameworkQueryableExtensions.AnyAsync(identity.BoardMemberships, m => m.UserId == userId && m.BoardId == boardId, ct))
        {
            identity.BoardMemberships.Add(new BoardMembership { UserId = userId, BoardId = boardId, Roles = [role] });
            await identity.SaveChangesAsync(ct);
        }
    }

    private async Task EnsureCasesAsync(Actor chair, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, request) in DemoData.Cases(DateOnly.FromDateTime(now.UtcDateTime)))
        {
            await using var session = store.OpenSession(chair);
            if (await session.LoadAsync<CaseSummary>(id, ct) is not null)
            {
                continue;
            }
            session.Events.StartStream<CaseDetails>(id, CreateCaseSlice.Decide(request, id, DemoData.NetBoardId, chair, now));
            await session.SaveChangesAsync(ct);
            logger.LogInformation("Seeded demo case {Pseudonym}", request.Patient!.Pseudonym);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
