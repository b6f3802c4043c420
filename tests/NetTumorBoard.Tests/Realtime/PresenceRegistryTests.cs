using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Realtime;

namespace NetTumorBoard.Tests.Realtime;

/// <summary>Presence as stored in the database: what every instance reads for "who is here".</summary>
public sealed class PresenceRegistryTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>
    /// A tab's component can join, leave and join again from two handlers at once (a click and a live notice); each
    /// call writes in its own session, so without ordering the leave's delete could commit after the second join's
    /// store, and the person would count as gone (until the next heartbeat, 20 s later) while their tab shows them in
    /// the meeting. The stored state must be that of the last call, every time.
    /// </summary>
    [Fact]
    public async Task Overlapping_join_leave_join_of_one_tab_ends_joined_in_the_database()
    {
        var presence = app.Services.GetRequiredService<PresenceRegistry>();
        var user = new UserCard(Guid.NewGuid(), "Dr. Test Follower", Discipline.MedicalOncology);
        for (var round = 0; round < 40; round++)
        {
            var meeting = Guid.NewGuid();
            var key = PresenceRegistry.Key($"circuit:{Guid.NewGuid():N}", meeting);
            var calls = new[]
            {
                presence.JoinAsync(key, meeting, user),
                presence.LeaveAsync(key),
                presence.JoinAsync(key, meeting, user),
            };
            await Task.WhenAll(calls);
            var here = await presence.ParticipantsAsync(meeting, TestContext.Current.CancellationToken);
            Assert.True(here.Any(p => p.UserId == user.UserId), $"round {round}: the tab joined last, but the database says it left");
            await presence.LeaveAsync(key);
            Assert.Empty(await presence.ParticipantsAsync(meeting, TestContext.Current.CancellationToken));
        }
    }
}
