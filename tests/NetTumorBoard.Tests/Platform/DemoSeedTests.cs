using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Boards;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Tests.Platform;

public sealed class DemoSeedTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        async Task<(int Users, int Memberships, long Events)> CountAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var identity = scope.ServiceProvider.GetRequiredService<IdentityDb>();
            await using var session = store.QuerySession();
            var events = await Marten.QueryableExtensions.LongCountAsync(session.Events.QueryAllRawEvents());
            return (await EntityFrameworkQueryableExtensions.CountAsync(identity.Users), await EntityFrameworkQueryableExtensions.CountAsync(identity.BoardMemberships), events);
        }

        var before = await CountAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        Assert.Equal(before, await CountAsync());
        Assert.Equal(DemoData.Users.Count, before.Users);
    }

    [Fact]
    public async Task Every_demo_user_signs_in_with_the_documented_password_and_discipline()
    {
        var users = app.Services.GetRequiredService<UserManager<AppUser>>();
        foreach (var demo in DemoData.Users)
        {
            var user = await users.FindByEmailAsync(demo.Email);
            Assert.NotNull(user);
            Assert.Equal(demo.Discipline, user.Discipline);
            Assert.True(await users.CheckPasswordAsync(user, DemoData.Password), demo.Email);
            if (demo.GlobalRole is { } role)
            {
                Assert.True(await users.IsInRoleAsync(user, role), $"{demo.Email} should be {role}");
            }
        }
        using var chair = await app.SignedInAsync();
        var boards = await chair.GetFromJsonAsync<JsonElement>("/api/boards");
        Assert.Equal(2, boards.GetArrayLength());
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var net = await session.LoadAsync<Board>(DemoData.NetBoardId);
        Assert.Equal(Board.NetBoardQuorum.Select(g => string.Join("|", g)), net!.QuorumGroups.Select(g => string.Join("|", g)));
        Assert.Equal([.. Board.NetBoardDisciplines, Discipline.Endocrinology], net.RequiredDisciplines);
    }
}
