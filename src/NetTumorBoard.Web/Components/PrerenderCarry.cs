using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetTumorBoard.Web.Components;

/// <summary>
/// What a page read while prerendering, carried into its interactive instance through <c>[PersistentState]</c>, so the
/// page does not go blank for the moment it takes to read everything again when it turns interactive. The carried
/// state travels back to the server inside the circuit's first message, which the circuit refuses above its size limit
/// (256 KB; the page would then never turn interactive — a case with five full sections of non-Latin text is enough):
/// state larger than <see cref="MaxBytes"/> is not carried, and that page shows its progress bar for that moment instead.
/// Text-heavy state that is larger (the guideline library: ~40 recommendations with their citations, ~250 KB as JSON)
/// is carried compressed (<see cref="Pack{T}"/>): it compresses to a fifth.
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

    /// <summary>
    /// Compressed size above which nothing is carried. A carried byte array is base64-encoded three times on its way (as
    /// JSON, protected, in the page): ~2.4× larger on the wire, about what <see cref="MaxBytes"/> of JSON becomes.
    /// </summary>
    public const int MaxPackedBytes = 48 * 1024;

    /// <summary>Uncompressed size above which nothing is packed, nor unpacked (a value this page never packed).</summary>
    public const int MaxUnpackedBytes = 32 * MaxPackedBytes;

    /// <summary>Packed JSON keeps non-Latin text as it is (escaped, each character would take 6 bytes): it is compressed, never put into a page as it is.</summary>
    private static readonly JsonSerializerOptions PackOptions = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The value as compressed JSON, if that is small enough to carry; else null (the page reads everything again).
    /// Read it on the interactive side with <see cref="Unpack{T}"/>, which gives null for anything that does not read
    /// back — a byte array, unlike a value of the page's own type, can never stop the circuit from starting.
    /// </summary>
    public static byte[]? Pack<T>(T value) where T : class
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, PackOptions);
        var packed = new byte[MaxPackedBytes];
        // Quality 4: ~4 ms for the library's ~250 KB (the page is being prerendered meanwhile); 11 would take ~100 ms for
        // 10 % less. Too small a destination (more than MaxPackedBytes) makes TryCompress say false.
        if (json.Length > MaxUnpackedBytes || !BrotliEncoder.TryCompress(json, packed, out var length, quality: 4, window: 22))
        {
            return null;
        }
        return packed[..length];
    }

    /// <summary>What <see cref="Pack{T}"/> packed; null for nothing carried or anything that does not read back.</summary>
    public static T? Unpack<T>(byte[]? packed) where T : class
    {
        if (packed is null || packed.Length is 0 or > MaxPackedBytes)
        {
            return null;
        }
        try
        {
            using var input = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
            using var limited = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (limited.Length + read > MaxUnpackedBytes)
                {
                    return null; // not something this page packed
                }
                limited.Write(buffer, 0, read);
            }
            return JsonSerializer.Deserialize<T>(limited.GetBuffer().AsSpan(0, (int)limited.Length), PackOptions);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or InvalidDataException or IOException)
        {
            return null;
        }
    }
}
