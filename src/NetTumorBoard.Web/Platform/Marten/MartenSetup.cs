using JasperFx;
using JasperFx.Events;
using Marten;
using NetTumorBoard.Web.Platform.ChangeFeed;
using NetTumorBoard.Web.Platform.Identity;
using Weasel.Core;

namespace NetTumorBoard.Web.Platform.Marten;

public static class MartenSetup
{
    public const string Schema = "ntb";

    /// <summary>
    /// Marten configured once: event store with quick append, System.Text.Json with string enums and camelCase,
    /// lightweight sessions, the change notifier. Schema objects are created on start only when
    /// <paramref name="applySchemaOnStart"/> (development and the embedded demo); otherwise AutoCreate.None and the
    /// `migrate` verb applies them.
    /// </summary>
    public static IServiceCollection AddMartenPlatform(
        this IServiceCollection services, string connectionString, bool applySchemaOnStart,
        params Action<StoreOptions>[] areas)
    {
        services.AddMarten(options =>
        {
            Configure(options, connectionString, applySchemaOnStart);
            foreach (var area in areas)
            {
                area(options);
            }
        }).UseLightweightSessions();
        return services;
    }

    internal static void Configure(StoreOptions options, string connectionString, bool applySchemaOnStart)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.AutoCreateSchemaObjects = applySchemaOnStart ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        options.Listeners.Add(new ChangeNotifier(Schema));
    }

    /// <summary>A session whose appended events record the acting user (Marten's user_name column).</summary>
    public static IDocumentSession OpenSession(this IDocumentStore store, Actor actor)
    {
        var session = store.LightweightSession();
        session.LastModifiedBy = actor.UserId.ToString();
        return session;
    }
}
