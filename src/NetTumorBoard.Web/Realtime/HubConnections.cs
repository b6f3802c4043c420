using System.Collections.Concurrent;

namespace NetTumorBoard.Web.Realtime;

/// <summary>
/// Which hub connections on this instance follow which board (through a case, a meeting or the case list), and whose
/// they are: membership is checked when a connection joins, so when someone is removed from a board the relay uses
/// this to take their connections out of that board's groups (<see cref="HubRelay"/>).
/// </summary>
public sealed class HubConnections
{
    /// <summary>One group a connection joined: the board it belongs to, and the presence entry it holds there (if any).</summary>
    public sealed record Joined(string Group, Guid BoardId, Guid? PresenceTarget);

    private sealed record Connection(Guid UserId, ConcurrentDictionary<string, Joined> Groups);

    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    public void Join(string connectionId, Guid userId, Joined joined) =>
        _connections.GetOrAdd(connectionId, _ => new Connection(userId, new())).Groups[joined.Group] = joined;

    public void Leave(string connectionId, string group)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            connection.Groups.TryRemove(group, out _);
        }
    }

    public void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The connections following <paramref name="boardId"/>, with whose they are and what they joined of it.</summary>
    public IReadOnlyList<(string ConnectionId, Guid UserId, IReadOnlyList<Joined> Groups)> Following(Guid boardId) =>
        _connections.Select(c => (c.Key, c.Value.UserId, (IReadOnlyList<Joined>)c.Value.Groups.Values.Where(g => g.BoardId == boardId).ToList()))
            .Where(c => c.Item3.Count > 0)
            .ToList();
}
