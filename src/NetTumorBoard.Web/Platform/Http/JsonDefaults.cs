using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetTumorBoard.Web.Platform.Http;

/// <summary>The API's JSON: camelCase, enums as strings (never numbers), unknown members refused.</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }
}
