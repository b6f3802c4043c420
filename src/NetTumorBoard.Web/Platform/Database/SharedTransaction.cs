using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Platform.Database;

/// <summary>
/// Runs a command that writes both Marten events and Identity rows in one PostgreSQL transaction, so a failure
/// leaves neither (e.g. a board and its first members).
/// </summary>
public sealed class SharedTransaction(IDocumentStore store, DatabaseEndpoint database)
{
    public async Task RunAsync(Actor actor, Func<IDocumentSession, IdentityDb, Task> work, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        session.LastModifiedBy = actor.UserId.ToString();
        var options = new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(connection).Options;
        await using var identity = new IdentityDb(options);
        await identity.Database.UseTransactionAsync(transaction, ct);

        await work(session, identity);
        await identity.SaveChangesAsync(ct);
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
