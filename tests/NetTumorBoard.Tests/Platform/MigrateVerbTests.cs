using System.Net;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Platform;

/// <summary>
/// Production against an external server: the app never changes the schema itself (AutoCreate.None) and is not
/// ready until an operator runs the `migrate` verb; then it is, without a restart.
/// </summary>
public sealed class MigrateVerbTests(TestCluster cluster)
{
    [Fact]
    public async Task An_external_database_is_not_ready_until_migrate_applies_the_schema()
    {
        var connectionString = await cluster.NewDatabaseAsync("migrate");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Marten"] = connectionString };
        var baseAddress = new Uri($"http://127.0.0.1:{AppProcess.FreePort()}/");
        await using var app = AppProcess.Start(environment, "--urls", baseAddress.ToString().TrimEnd('/'));
        using var client = new HttpClient { BaseAddress = baseAddress };
        await WaitForStatusAsync(client, HttpStatusCode.ServiceUnavailable, app);
        Assert.DoesNotContain("embedded PostgreSQL", app.StandardOutput);

        await using (var migrate = AppProcess.Start(environment, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            Assert.Contains("Schema applied", migrate.StandardOutput);
        }

        await WaitForStatusAsync(client, HttpStatusCode.OK, app);
        var anonymous = await client.GetAsync("/api/boards");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task WaitForStatusAsync(HttpClient client, HttpStatusCode expected, AppProcess app)
    {
        HttpStatusCode? last = null;
        for (var i = 0; i < 300; i++)
        {
            try
            {
                last = (await client.GetAsync("/health/ready")).StatusCode;
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail($"/health/ready never answered {expected} (last {last}).\n{app.StandardOutput}\n{app.StandardError}");
    }
}
