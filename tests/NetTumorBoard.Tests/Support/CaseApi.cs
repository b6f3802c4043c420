using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.Tests.Support;

/// <summary>Small helpers over the case routes, so tests read as what users do.</summary>
public static class CaseApi
{
    public static async Task<Guid> CreateCaseAsync(this HttpClient client, object? tumor = null, string? question = "What next?", string? pseudonym = null)
    {
        var response = await client.PostAsJsonAsync($"/api/boards/{DemoData.NetBoardId}/cases",
            new { patient = new { pseudonym = pseudonym ?? $"T-{Guid.NewGuid():N}"[..10] }, tumor, question });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<JsonElement> GetCaseAsync(this HttpClient client, Guid id, string query = "") =>
        client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}{query}");

    public static Task<HttpResponseMessage> PatchFieldsAsync(this HttpClient client, Guid id, long baseVersion, object changes) =>
        client.PatchAsJsonAsync($"/api/cases/{id}/fields", new { baseVersion, changes });

    public static Task<HttpResponseMessage> PutSectionAsync(this HttpClient client, Guid id, string key, long baseVersion, string text) =>
        client.PutAsJsonAsync($"/api/cases/{id}/sections/{key}", new { baseVersion, text });

    public static async Task<(long Version, string Text)> PutSectionOkAsync(this HttpClient client, Guid id, string key, long baseVersion, string text)
    {
        var response = await client.PutSectionAsync(id, key, baseVersion, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("version").GetInt64(), body.GetProperty("text").GetString()!);
    }

    public static async Task<long> VersionAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }
}
