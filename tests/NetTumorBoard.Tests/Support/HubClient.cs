using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace NetTumorBoard.Tests.Support;

/// <summary>A real SignalR client of /hubs/board that records every message it receives, for tests to await.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly Channel<(string Name, JsonElement Body)> _inbox = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly List<(string Name, JsonElement Body)> _seen = [];

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in new[] { "CaseChanged", "CaseListChanged", "PresenceChanged", "VoteTallyChanged", "MeetingStateChanged", "BoardAccessRevoked" })
        {
            connection.On<JsonElement>(name, body => _inbox.Writer.TryWrite((name, body)));
        }
        connection.On("Resync", () => _inbox.Writer.TryWrite(("Resync", default))); // no arguments: read everything again
    }

    public HubConnection Connection { get; }

    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return new HubClient(connection);
    }

    /// <summary>Waits for the first message (seen before or arriving now) with this name that matches.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        lock (_seen)
        {
            foreach (var (n, body) in _seen)
            {
                if (n == name && match(body))
                {
                    return body;
                }
            }
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var message = await _inbox.Reader.ReadAsync(cts.Token);
            lock (_seen)
            {
                _seen.Add(message);
            }
            if (message.Name == name && match(message.Body))
            {
                return message.Body;
            }
        }
    }

    /// <summary>Whether a matching message has arrived by now (takes in what is waiting, without waiting for more).</summary>
    public bool HasReceived(string name, Func<JsonElement, bool> match)
    {
        lock (_seen)
        {
            while (_inbox.Reader.TryRead(out var message))
            {
                _seen.Add(message);
            }
            return _seen.Any(m => m.Name == name && match(m.Body));
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
