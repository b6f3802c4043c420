using System.Text.Json;

namespace NetTumorBoard.Web.Components;

/// <summary>
/// What a page read while prerendering, carried into its interactive instance through <c>[PersistentState]</c>, so the
/// page does not go blank for the moment it takes to read everything again when it turns interactive. The carried
/// state travels back to the server inside the circuit's first message, which the circuit refuses above its size limit
/// (256 KB; the page would then never turn interactive — a case with five full sections of non-Latin text is enough):
/// state larger than <see cref="MaxBytes"/> is not carried, and that page shows its progress bar for that moment instead.
/// </summary>
public static class PrerenderCarry
{
    /// <summary>Serialized size above which nothing is carried: base64 and data protection make it ~1.4× larger on the wire.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The value, if it is small enough to carry and reads back (a value the interactive page could not read back
    /// would end its circuit before it starts); else null, and the page reads everything again as before.
    /// </summary>
    public static T? IfSmall<T>(T value) where T : class
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);
        if (json.Length > MaxBytes)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web) is null ? null : value;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
