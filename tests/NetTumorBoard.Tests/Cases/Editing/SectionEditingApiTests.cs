using System.Net;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Cases.Editing;

public sealed class SectionEditingApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Two_edits_from_the_same_base_merge_and_neither_is_lost()
    {
        using var radiologist = await app.SignedInAsync("radiologist@demo.local");
        using var nuclear = await app.SignedInAsync("nuclear@demo.local");
        var id = await radiologist.CreateCaseAsync();
        var (v2, _) = await radiologist.PutSectionOkAsync(id, "imaging", 1, "CT: liver metastases in segments VI and VII.");

        var (_, first) = await radiologist.PutSectionOkAsync(id, "imaging", v2, "CT: liver metastases in segments VI and VII, largest 4.1 cm.");
        var (v4, merged) = await nuclear.PutSectionOkAsync(id, "imaging", v2, "CT: liver metastases in segments VI and VII.\nDOTATATE PET: Krenning 3 uptake.");

        Assert.Equal("CT: liver metastases in segments VI and VII, largest 4.1 cm.", first);
        Assert.Contains("largest 4.1 cm", merged);
        Assert.Contains("Krenning 3 uptake", merged);
        Assert.Equal(4, v4);
        Assert.Equal(merged, (await nuclear.GetCaseAsync(id)).GetProperty("sections").GetProperty("imaging").GetProperty("text").GetString());
        Assert.Equal(4, (await nuclear.GetCaseAsync(id)).GetProperty("sections").GetProperty("imaging").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_edit_based_on_a_version_several_edits_old_still_merges()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync();
        var (v, text) = await client.PutSectionOkAsync(id, "history", 1, "Diagnosed 2021.");
        var stale = v;
        (v, text) = await client.PutSectionOkAsync(id, "history", v, text + " Lanreotide since 2022.");
        await (await client.PatchFieldsAsync(id, v, new Dictionary<string, object?> { ["tumor.ecog"] = 1 })).VersionAsync();
        (v, text) = await client.PutSectionOkAsync(id, "history", v + 1, text + " Progression 2026.");

        var (_, merged) = await client.PutSectionOkAsync(id, "history", stale, "Diagnosed 2021 (Ki-67 4%).");
        Assert.Equal("Diagnosed 2021 (Ki-67 4%). Lanreotide since 2022. Progression 2026.", merged);
    }

    [Fact]
    public async Task Markup_is_stored_exactly_as_typed()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync();
        const string typed = "<script>alert('x')</script> **Ki-67** 12% <img src=x onerror=alert(1)>";
        var (_, text) = await client.PutSectionOkAsync(id, "discussion", 1, typed);
        Assert.Equal(typed, text);
    }

    [Fact]
    public async Task Bad_section_requests_are_refused_and_change_nothing()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync();
        await (await client.PutSectionAsync(id, "genetics", 1, "MEN1")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("text", (await (await client.PutSectionAsync(id, "history", 1, new string('x', 20_001))).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("baseVersion", (await (await client.PutSectionAsync(id, "history", 7, "x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("baseVersion", (await (await client.PutSectionAsync(id, "history", -1, "x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(1, (await client.GetCaseAsync(id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_413()
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync();
        var response = await client.PutSectionAsync(id, "history", 1, new string('x', 2_000_000));
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_section_all_land()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync();
        var (v, _) = await client.PutSectionOkAsync(id, "discussion", 1, "Options:");
        var writers = Enumerable.Range(0, 8).Select(async i =>
        {
            using var c = await app.SignedInAsync(i % 2 == 0 ? "chair@demo.local" : "surgeon@demo.local");
            return await c.PutSectionOkAsync(id, "discussion", v, $"Options: option{i}");
        });
        await Task.WhenAll(writers);
        var text = (await client.GetCaseAsync(id)).GetProperty("sections").GetProperty("discussion").GetProperty("text").GetString()!;
        for (var i = 0; i < 8; i++)
        {
            Assert.Contains($"option{i}", text);
        }
    }
}
