namespace NetTumorBoard.Web.Platform.ChangeFeed;

public static class ChangeFeedSetup
{
    public static IServiceCollection AddChangeFeed(this IServiceCollection services)
    {
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService<PostgresChangeListener>();
        return services;
    }
}
