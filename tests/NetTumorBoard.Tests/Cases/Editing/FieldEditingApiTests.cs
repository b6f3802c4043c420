using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Cases.Editing;

public sealed class FieldEditingApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Fields_change_and_the_version_moves_on()
    {
        using var client = await app.SignedInAsync("pathologist@demo.local");
        var id = await client.CreateCaseAsync(new { primarySite = "Pancreas" });
        var version = await (await client.PatchFieldsAsync(id, 1, new Dictionary<string, object?>
        {
            ["tumor.ki67Percent"] = 14, ["tumor.whoGrade"] = "G2", ["tumor.tnm.t"] = "T2", ["tumor.sstrImaging.date"] = "2026-10-01",
        })).VersionAsync();
        Assert.Equal(2, version);
        var body = await client.GetCaseAsync(id);
        Assert.Equal(14, body.GetProperty("tumor").GetProperty("ki67Percent").GetDecimal());
        Assert.Equal("T2", body.GetProperty("tumor").GetProperty("tnm").GetProperty("t").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stale_edit_of_a_field_someone_changed_is_409_with_both_values_and_changes_nothing()
    {
        using var pathologist = await app.SignedInAsync("pathologist@demo.local");
        using var oncologist = await app.SignedInAsync("oncologist@demo.local");
        var id = await pathologist.CreateCaseAsync(new { primarySite = "Pancreas", ki67Percent = 10 });
        await (await pathologist.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 14 })).VersionAsync();

        // The oncologist still looks at version 1 and sets Ki-67 and ECOG together.
        var response = await oncologist.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 12, ["tumor.ecog"] = 1 });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("tumor.ki67Percent", conflict.GetProperty("field").GetString());
        Assert.Equal(14, conflict.GetProperty("currentValue").GetDecimal());
        Assert.Equal(12, conflict.GetProperty("yourValue").GetDecimal());

        var body = await oncologist.GetCaseAsync(id);
        Assert.Equal(14, body.GetProperty("tumor").GetProperty("ki67Percent").GetDecimal());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("tumor").GetProperty("ecog").ValueKind);
        Assert.Equal(2, body.GetProperty("version").GetInt64());

        // Choosing "mine" = sending again on the current version.
        Assert.Equal(3, await (await oncologist.PatchFieldsAsync(id, 2, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 12, ["tumor.ecog"] = 1 })).VersionAsync());
    }

    [Fact]
    public async Task An_edit_from_a_stale_base_applies_when_others_changed_other_fields()
    {
        using var radiologist = await app.SignedInAsync("radiologist@demo.local");
        using var surgeon = await app.SignedInAsync("surgeon@demo.local");
        var id = await radiologist.CreateCaseAsync(new { primarySite = "SmallIntestine" });
        await (await radiologist.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.hepaticTumorBurdenPercent"] = 15 })).VersionAsync();
        Assert.Equal(3, await (await surgeon.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.resected"] = true })).VersionAsync());
        var tumor = (await surgeon.GetCaseAsync(id)).GetProperty("tumor");
        Assert.Equal(15, tumor.GetProperty("hepaticTumorBurdenPercent").GetDecimal());
        Assert.True(tumor.GetProperty("resected").GetBoolean());
    }

    [Fact]
    public async Task Repeating_an_edit_changes_nothing_and_setting_the_same_value_is_no_conflict()
    {
        using var client = await app.SignedInAsync("gastro@demo.local");
        var id = await client.CreateCaseAsync();
        var change = new Dictionary<string, object?> { ["tumor.functionalSyndrome"] = "CarcinoidSyndrome" };
        Assert.Equal(2, await (await client.PatchFieldsAsync(id, 1, change)).VersionAsync());
        Assert.Equal(2, await (await client.PatchFieldsAsync(id, 1, change)).VersionAsync());
        using var history = await app.SignedInAsync("chair@demo.local");
        Assert.Equal(2, (await history.GetCaseAsync(id)).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("tumor.ki67Percent", "150", "tumor.ki67Percent")]
    [InlineData("tumor.ki67", "5", "tumor.ki67")]
    [InlineData("tumor.whoGrade", "\"G9\"", "tumor.whoGrade")]
    [InlineData("tumor.sstrImaging.date", "\"2999-01-01\"", "tumor.sstrImaging.date")]
    [InlineData("patient.pseudonym", "\"  \"", "patient.pseudonym")]
    [InlineData("tumor.ecog", "\"one\"", "tumor.ecog")]
    [InlineData("tumor.priorTherapies", "[{\"start\":\"2024-01-01\"}]", "tumor.priorTherapies[0].intervention")]
    public async Task Invalid_values_are_named_and_nothing_is_applied(string field, string json, string errorField)
    {
        using var client = await app.SignedInAsync("oncologist@demo.local");
        var id = await client.CreateCaseAsync(new { ecog = 0 });
        var body = "{\"baseVersion\":1,\"changes\":{\"tumor.ecog\":2,\"" + field + "\":" + json + "}}";
        var response = await client.PatchAsync($"/api/cases/{id}/fields", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains(errorField, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var after = await client.GetCaseAsync(id);
        Assert.Equal(1, after.GetProperty("version").GetInt64());
        Assert.Equal(0, after.GetProperty("tumor").GetProperty("ecog").GetInt32());
    }

    [Fact]
    public async Task Observers_and_outsiders_cannot_edit()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var id = await chair.CreateCaseAsync();
        using var observer = await app.SignedInAsync("observer@demo.local");
        await (await observer.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ecog"] = 1 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var outsider = await app.SignedInAsync("outsider@demo.local");
        await (await outsider.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ecog"] = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PutSectionAsync(id, "history", 1, "x")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_case_can_be_read_as_it_was_at_any_version_or_moment()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var id = await client.CreateCaseAsync(new { ki67Percent = 5 });
        var firstTime = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await (await client.PatchFieldsAsync(id, 1, new Dictionary<string, object?> { ["tumor.ki67Percent"] = 9 })).VersionAsync();
        await client.PutSectionOkAsync(id, "imaging", 2, "Liver lesions unchanged.");

        var v1 = await client.GetCaseAsync(id, "?version=1");
        Assert.Equal(5, v1.GetProperty("tumor").GetProperty("ki67Percent").GetDecimal());
        Assert.Equal(1, v1.GetProperty("version").GetInt64());
        var v2 = await client.GetCaseAsync(id, "?version=2");
        Assert.Equal(9, v2.GetProperty("tumor").GetProperty("ki67Percent").GetDecimal());
        Assert.Equal("", v2.GetProperty("sections").GetProperty("imaging").GetProperty("text").GetString());
        var atFirst = await client.GetCaseAsync(id, $"?at={Uri.EscapeDataString(firstTime.ToString("O"))}");
        Assert.Equal(5, atFirst.GetProperty("tumor").GetProperty("ki67Percent").GetDecimal());
        Assert.Equal("Liver lesions unchanged.", (await client.GetCaseAsync(id)).GetProperty("sections").GetProperty("imaging").GetProperty("text").GetString());

        Assert.Contains("version", (await (await client.GetAsync($"/api/cases/{id}?version=99")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("at", (await (await client.GetAsync($"/api/cases/{id}?at=last-tuesday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }
}
