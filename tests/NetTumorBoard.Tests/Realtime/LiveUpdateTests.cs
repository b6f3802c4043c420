using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.ChangeFeed;

namespace NetTumorBoard.Tests.Realtime;

/// <summary>Committed changes reach subscribers: the in-process feed, and hub clients over a real SignalR connection.</summary>
public sealed class LiveUpdateTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private async Task<HubConnection> ConnectAsync(string email)
    {
        var token = await app.TokenAsync(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol()
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private async Task<Guid> CreateCaseAsync(string pseudonym)
    {
        using var client = await app.SignedInAsync("radiologist@demo.local");
        var response = await client.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/cases", new { patient = new { pseudonym } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_created_case_reaches_the_feed_with_its_board_version_and_actor()
    {
        var feed = app.Services.GetRequiredService<ChangeFeed>();
        var received = Channel.CreateUnbounded<ChangeNotice>();
        using var subscription = feed.Subscribe(n => received.Writer.WriteAsync(n).AsTask());

        var id = await CreateCaseAsync("FEED-1");

        using var timeout = new CancellationTokenSource(Patience);
        ChangeNotice notice;
        do
        {
            notice = await received.Reader.ReadAsync(timeout.Token);
        }
        while (notice.StreamId != id);
        Assert.Equal("case", notice.Stream);
        Assert.Equal(1, notice.Version);
        Assert.Equal(DemoData.NetBoardId, notice.BoardId);
        Assert.Equal(["CaseCreated"], notice.EventTypes);
        Assert.NotNull(notice.ActorId);
    }

    [Fact]
    public async Task An_edit_notice_names_the_board_and_the_new_version_though_the_edit_event_does_not()
    {
        var feed = app.Services.GetRequiredService<ChangeFeed>();
        var received = Channel.CreateUnbounded<ChangeNotice>();
        using var subscription = feed.Subscribe(n => received.Writer.WriteAsync(n).AsTask());
        var id = await CreateCaseAsync("FEED-2");
        using var client = await app.SignedInAsync("radiologist@demo.local");
        await (await client.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ecog"] = 2 })).VersionAsync();

        using var timeout = new CancellationTokenSource(Patience);
        ChangeNotice notice;
        do
        {
            notice = await received.Reader.ReadAsync(timeout.Token);
        }
        while (notice.StreamId != id || notice.Version != 2);
        Assert.Equal(DemoData.NetBoardId, notice.BoardId);
        Assert.Equal(["CaseFieldsEdited"], notice.EventTypes);
    }

    [Fact]
    public async Task A_hub_client_following_the_board_hears_of_a_new_case()
    {
        await using var connection = await ConnectAsync("surgeon@demo.local");
        var heard = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("CaseListChanged", m => heard.TrySetResult(m));
        await connection.InvokeAsync("JoinBoard", DemoData.NetBoardId);

        var id = await CreateCaseAsync("HUB-1");

        var message = await heard.Task.WaitAsync(Patience);
        Assert.Equal(id, message.GetProperty("caseId").GetGuid());
        Assert.Equal(DemoData.NetBoardId, message.GetProperty("boardId").GetGuid());
        Assert.Equal(1, message.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Joining_a_case_of_another_board_is_refused_as_not_found()
    {
        await using var connection = await ConnectAsync("outsider@demo.local");
        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("JoinCase", Guid.Parse("0193a000-0000-7000-8000-00000000c001")));
        Assert.Contains("not found", error.Message, StringComparison.OrdinalIgnoreCase);
        var boardError = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("JoinBoard", DemoData.NetBoardId));
        Assert.Contains("not found", boardError.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_relays_changes_made_through_the_first()
    {
        await using var second = await TestApp.StartInstanceAsync(app.ConnectionString, seed: false);
        var token = await app.TokenAsync("pathologist@demo.local");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(second.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        var heard = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("CaseListChanged", m => heard.TrySetResult(m));
        await connection.InvokeAsync("JoinBoard", DemoData.NetBoardId);

        var id = await CreateCaseAsync("NODE-A-1");

        var message = await heard.Task.WaitAsync(Patience);
        Assert.Equal(id, message.GetProperty("caseId").GetGuid());
    }
}
