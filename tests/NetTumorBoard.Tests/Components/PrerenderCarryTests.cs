using System.Text.Json;
using System.Text.Json.Nodes;
using NetTumorBoard.Web.Components;

namespace NetTumorBoard.Tests.Components;

public sealed class PrerenderCarryTests
{
    public sealed record Item(string Id, string Text, IReadOnlyList<string> Keys);

    [Fact]
    public void The_guideline_library_packs_under_the_limit_and_reads_back_as_it_was()
    {
        var library = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Guidelines/Library/net-library.json")))!;
        var json = library.ToJsonString();
        Assert.True(json.Length > PrerenderCarry.MaxBytes, "the library would fit uncompressed: this test no longer shows anything");

        var packed = PrerenderCarry.Pack(library);

        Assert.NotNull(packed);
        Assert.True(packed.Length <= PrerenderCarry.MaxPackedBytes * 3 / 4, $"{packed.Length} bytes: little room left for the library to grow");
        Assert.Equal(json, PrerenderCarry.Unpack<JsonNode>(packed)!.ToJsonString());
    }

    [Fact]
    public void Records_with_lists_read_back_field_by_field()
    {
        var items = Enumerable.Range(0, 50).Select(i => new Item($"rec-{i}", $"Recommendation {i}: CAPTEM after progression on a somatostatin analog.", ["a", $"k{i}"])).ToList();

        var back = PrerenderCarry.Unpack<List<Item>>(PrerenderCarry.Pack(items));

        Assert.NotNull(back);
        Assert.Equal(JsonSerializer.Serialize(items), JsonSerializer.Serialize(back));
    }

    [Fact]
    public void State_that_does_not_compress_under_the_limit_is_not_carried()
    {
        var noise = new byte[PrerenderCarry.MaxPackedBytes];
        new Random(7).NextBytes(noise);

        Assert.Null(PrerenderCarry.Pack(new Item("x", Convert.ToBase64String(noise), [])));
    }

    [Fact]
    public void Bytes_that_unpack_to_more_than_the_limit_read_as_nothing()
    {
        var zeros = new byte[2 * 1024 * 1024];
        var packed = new byte[PrerenderCarry.MaxPackedBytes];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(zeros, packed, out var length, 4, 22));

        Assert.Null(PrerenderCarry.Unpack<List<Item>>(packed[..length]));
    }

    [Fact]
    public void Nothing_carried_or_bytes_that_are_not_a_packed_value_read_as_nothing()
    {
        Assert.Null(PrerenderCarry.Unpack<List<Item>>(null));
        Assert.Null(PrerenderCarry.Unpack<List<Item>>([]));
        Assert.Null(PrerenderCarry.Unpack<List<Item>>([1, 2, 3, 4, 5]));
        Assert.Null(PrerenderCarry.Unpack<List<Item>>(PrerenderCarry.Pack(new Item("x", "not a list", []))));
    }
}
