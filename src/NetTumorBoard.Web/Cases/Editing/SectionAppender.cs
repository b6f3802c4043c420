using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using NpgsqlTypes;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Database;
using NetTumorBoard.Web.Platform.Identity;
using NetTumorBoard.Web.Platform.Marten;

namespace NetTumorBoard.Web.Cases.Editing;

/// <summary>
/// The write path of the most frequent command, a typing burst in a section, in one database round trip.
/// Marten's own path (<see cref="CaseWrites"/>) costs three — fetch the case, send the batch, commit — plus its
/// session machinery. Here the case as this instance last wrote it is kept in memory, and the append is one Npgsql
/// batch without an explicit transaction, which PostgreSQL runs as one implicit transaction: Marten's
/// <c>mt_quick_append_events</c> with the expected version (it raises MT003 if anyone else appended since), the
/// CaseDetails document as the inline snapshot projection would write it, and the change-feed notification. Either
/// all of it commits or none. A stale memory (another instance or another command wrote) costs one refused round
/// trip, then the case is read again and the merge redone — so nothing is ever appended on a state it was not
/// decided on. The stored rows are exactly Marten's (tests compare them with what Marten writes and reads).
/// </summary>
public sealed class SectionAppender : IDisposable
{
    private const int Attempts = 8;
    private const string DefaultTenant = "*DEFAULT*";
    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _db;
    private readonly MemoryCache _cases = new(new MemoryCacheOptions { SizeLimit = 2_000 });
    private readonly string _eventType;
    private readonly string _eventDotnetType;
    private readonly string _documentDotnetType;
    private readonly string _appendSql;
    private readonly string _documentSql;

    public SectionAppender(IDocumentStore store, DatabaseEndpoint database)
    {
        _store = store;
        _db = NpgsqlDataSource.Create(database.ConnectionString);
        // Names as Marten stores them (SectionAppenderTests compares the rows with ones Marten wrote).
        _eventType = typeof(SectionEdited).GetEventTypeName(((Marten.Events.EventGraph)((StoreOptions)store.Options).Events).EventNamingStyle);
        _eventDotnetType = $"{typeof(SectionEdited).FullName}, {typeof(SectionEdited).Assembly.GetName().Name}";
        _documentDotnetType = typeof(CaseDetails).FullName!;
        var schema = MartenSetup.Schema;
        _appendSql = $"select {schema}.mt_quick_append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        CaseWrites.Committed += Forget;
        _documentSql = $"""
            update {schema}.mt_doc_casedetails set data = $2, mt_version = $3, mt_dotnet_type = $4, mt_last_modified = transaction_timestamp()
            where id = $1
            """;
    }

    /// <summary>Merges a burst into the section as it is now and appends it; returns the new version and the merged text.</summary>
    public async Task<EditSectionResponse> EditAsync(
        Guid caseId, string key, EditSectionRequest request, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var actor = await user.ActorAsync();
        using var turn = await CaseTurns.AcquireAsync(caseId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var cached = Cached(caseId);
            var remembered = cached is not null && request.BaseVersion <= cached.Version;
            var state = remembered ? cached! : await LoadAsync(caseId, ct);
            // Access before validation, as everywhere: a non-member learns nothing, not even what is invalid.
            await user.RequireContributorOfCaseAsync(state.BoardId, ct);
            EditSectionSlice.Validate(key, request);
            var baseVersion = request.BaseVersion!.Value;
            var baseText = await EditSectionSlice.BaseTextAsync(_store, state, key, Math.Min(baseVersion, state.Version), ct);
            SectionEdited? edited;
            string merged;
            try
            {
                (edited, merged) = EditSectionSlice.Decide(state, key, baseText, request.Text!, baseVersion, actor, clock.GetUtcNow());
            }
            catch (Platform.Http.CommandRejected) when (remembered)
            {
                _cases.Remove(caseId); // refuse only on what is really stored, not on memory another instance may have outdated
                continue;
            }
            if (edited is null)
            {
                if (remembered)
                {
                    _cases.Remove(caseId); // "nothing changes" is an answer about the stored text: confirm it there
                    continue;
                }
                return new EditSectionResponse(state.Version, merged);
            }
            try
            {
                var version = await AppendAsync(state, edited, actor, ct);
                return new EditSectionResponse(version, merged);
            }
            catch (PostgresException e) when (e.SqlState is "MT003" or PostgresErrorCodes.UniqueViolation)
            {
                _cases.Remove(caseId); // someone else wrote: read the case again and merge on what is there now
                if (attempt >= Attempts)
                {
                    throw new Platform.Http.CommandRejected(Platform.Http.RejectionKind.Conflict,
                        "The section is being changed by many people at once; your text was not saved. Try again.");
                }
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    /// <summary>Any other write to a case (through Marten) makes the memory of it stale.</summary>
    public void Forget(Guid caseId) => _cases.Remove(caseId);

    private CaseDetails? Cached(Guid caseId) => _cases.TryGetValue(caseId, out CaseDetails? state) ? state : null;

    private void Remember(CaseDetails state) =>
        _cases.Set(state.Id, state, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    private async Task<CaseDetails> LoadAsync(Guid caseId, CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        var state = await session.LoadAsync<CaseDetails>(caseId, ct) ?? throw Platform.Http.CommandRejected.NotFound("Case");
        Remember(state);
        return state;
    }

    private async Task<long> AppendAsync(CaseDetails state, SectionEdited edited, Actor actor, CancellationToken ct)
    {
        var version = state.Version + 1;
        var eventId = Guid.CreateVersion7();
        var next = CaseReplay.Apply(state, [new Event<SectionEdited>(edited) { Version = version, Id = eventId, StreamId = state.Id }])!;
        var serializer = _store.Options.Serializer();

        await using var batch = _db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_appendSql)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = state.Id, NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter { Value = "case_details", NpgsqlDbType = NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = DefaultTenant, NpgsqlDbType = NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = new[] { eventId }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new NpgsqlParameter { Value = new[] { _eventType }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = new[] { _eventDotnetType }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = new[] { serializer.ToJson(edited) }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter { Value = new byte[]?[] { null }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                new NpgsqlParameter { Value = new[] { actor.UserId.ToString() }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = state.Version, NpgsqlDbType = NpgsqlDbType.Bigint },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_documentSql)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = state.Id, NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter { Value = serializer.ToJson(next), NpgsqlDbType = NpgsqlDbType.Jsonb },
                new NpgsqlParameter { Value = (int)version, NpgsqlDbType = NpgsqlDbType.Integer },
                new NpgsqlParameter { Value = _documentDotnetType, NpgsqlDbType = NpgsqlDbType.Varchar },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_notify('{ChangeNotifier.Channel}', $1)")
        {
            Parameters =
            {
                new NpgsqlParameter
                {
                    Value = JsonSerializer.Serialize(new { k = "case", s = state.Id, t = new[] { nameof(SectionEdited) }, a = actor.UserId, v = version, b = state.BoardId }),
                    NpgsqlDbType = NpgsqlDbType.Text,
                },
            },
        });
        await batch.ExecuteNonQueryAsync(ct);
        Remember(next);
        return version;
    }

    public void Dispose()
    {
        CaseWrites.Committed -= Forget;
        _cases.Dispose();
        _db.Dispose();
    }
}
