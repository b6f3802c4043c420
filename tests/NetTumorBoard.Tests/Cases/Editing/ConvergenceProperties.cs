using FsCheck;
using FsCheck.Fluent;
using NetTumorBoard.Web.Cases.Editing.Text;

namespace NetTumorBoard.Tests.Cases.Editing;

/// <summary>
/// Simulated co-editing: N clients edit one section concurrently from stale bases and sync with a server that
/// merges (as PUT /sections does) and that they rebase on (as the browser editor does). Whatever the interleaving,
/// everyone ends with the same text, and every run of text anyone inserted is still there.
/// </summary>
public sealed class ConvergenceProperties
{
    private sealed class Client(int id, string text, long version)
    {
        public int Id { get; } = id;
        public string Synced { get; set; } = text;     // last text received from the server
        public long Version { get; set; } = version;
        public string Current { get; set; } = text;    // what the editor shows, with pending keystrokes
        public int Counter { get; set; }
    }

    private sealed class Server(string text)
    {
        private readonly List<string> _history = [text];
        public string Text => _history[^1];
        public long Version => _history.Count - 1;
        public string At(long version) => _history[(int)version];

        public (string Text, long Version) Put(long baseVersion, string text)
        {
            var merged = TextMerge.Merge(At(baseVersion), text, Text);
            if (merged != Text)
            {
                _history.Add(merged);
            }
            return (Text, Version);
        }
    }

    // A step: which client, what it does (0 type, 1 delete filler, 2 send, 3 receive), and two random numbers.
    public static Arbitrary<(int Clients, (int Client, int Action, int A, int B)[] Steps)> Schedules() =>
        (from clients in Gen.Choose(2, 5)
         from steps in Gen.ArrayOf(
             from c in Gen.Choose(0, clients - 1)
             from action in Gen.Choose(0, 3)
             from a in Gen.Choose(0, 1000)
             from b in Gen.Choose(1, 6)
             select (c, action, a, b))
         select (clients, steps)).ToArbitrary();

    [FsCheck.Xunit.Property(MaxTest = 500, Arbitrary = [typeof(ConvergenceProperties)])]
    public bool All_clients_converge_and_every_inserted_run_survives((int Clients, (int Client, int Action, int A, int B)[] Steps) schedule)
    {
        const string seed = "Patient with G2 pancreatic NET; liver metastases in segments VI and VII.";
        var server = new Server(seed);
        var clients = Enumerable.Range(0, schedule.Clients).Select(i => new Client(i, seed, 0)).ToList();
        var inserted = new List<string>();

        foreach (var (c, action, a, b) in schedule.Steps)
        {
            var client = clients[c];
            switch (action)
            {
                case 0:
                    // A word typed between words (typing inside a word would be editing that word).
                    var token = $"T{client.Id}K{client.Counter++}";
                    var at = a % (client.Current.Length + 1);
                    while (at > 0 && at < client.Current.Length && char.IsLetterOrDigit(client.Current[at - 1]))
                    {
                        at++;
                    }
                    client.Current = client.Current.Insert(at, $" {token} ");
                    inserted.Add(token);
                    break;
                case 1:
                    DeleteFiller(client, a, b, inserted);
                    break;
                case 2:
                    Send(client, server);
                    break;
                case 3:
                    Receive(client, server);
                    break;
            }
        }

        // Quiesce: everyone sends what is pending, then everyone catches up.
        for (var round = 0; round < 3; round++)
        {
            clients.ForEach(client => Send(client, server));
        }
        clients.ForEach(client => Receive(client, server));

        return clients.All(client => client.Current == server.Text)
            && inserted.All(token => server.Text.Contains(token, StringComparison.Ordinal));
    }

    private static void Send(Client client, Server server)
    {
        if (client.Current == client.Synced)
        {
            return;
        }
        var sent = client.Current;
        var (text, version) = server.Put(client.Version, sent);
        client.Current = TextMerge.Merge(sent, client.Current, text);
        client.Synced = text;
        client.Version = version;
    }

    private static void Receive(Client client, Server server)
    {
        if (server.Version <= client.Version)
        {
            return;
        }
        client.Current = TextMerge.Merge(client.Synced, client.Current, server.Text);
        client.Synced = server.Text;
        client.Version = server.Version;
    }

    /// <summary>Deletes only text nobody typed in this run (never part of an inserted word), as "non-overlapping edits" requires.</summary>
    private static void DeleteFiller(Client client, int a, int length, List<string> inserted)
    {
        var text = client.Current;
        if (text.Length == 0)
        {
            return;
        }
        var start = a % text.Length;
        var end = Math.Min(text.Length, start + length);
        foreach (var token in inserted)
        {
            for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
            {
                if (at < end && start < at + token.Length)
                {
                    return;
                }
            }
        }
        client.Current = text.Remove(start, end - start);
    }
}
