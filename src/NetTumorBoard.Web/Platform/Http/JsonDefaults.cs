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
        options.Converters.Add(new NoNulStrings());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }
}

/// <summary>
/// Text with a NUL character (U+0000) cannot be stored (PostgreSQL's text and jsonb refuse it): such a request is
/// refused when it is read, naming the field, rather than failing at the database.
/// </summary>
public sealed class NoNulStrings : JsonConverter<string>
{
    public const string Message = "Text may not contain the NUL character (U+0000); remove it.";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0') ? throw new JsonException(Message) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
