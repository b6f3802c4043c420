using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Guidelines;

public sealed class GuidelinesApiTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_library_is_loaded_at_start_with_drafts_filters_and_full_text_search()
    {
        using var client = await app.SignedInAsync("surgeon@demo.local");
        var all = await client.GetFromJsonAsync<JsonElement>("/api/guidelines");
        Assert.True(all.GetArrayLength() >= 35);
        // As loaded (version 1) everything is a draft; another test in this class may have revised and verified one.
        var asLoaded = all.EnumerateArray().Where(r => r.GetProperty("version").GetInt64() == 1).ToList();
        Assert.True(asLoaded.Count >= 35);
        Assert.All(asLoaded, r => Assert.Equal("Draft", r.GetProperty("reviewStatus").GetString()));

        var lung = await client.GetFromJsonAsync<JsonElement>("/api/guidelines?site=Lung&setting=Adjuvant");
        Assert.Contains(lung.EnumerateArray(), r => r.GetProperty("id").GetString() == "lung-adjuvant-atypical-node-positive");
        Assert.All(lung.EnumerateArray(), r => Assert.Equal("Adjuvant", r.GetProperty("setting").GetString()));

        var netter = await client.GetFromJsonAsync<JsonElement>("/api/guidelines?q=NETTER");
        Assert.Contains(netter.EnumerateArray(), r => r.GetProperty("id").GetString() == "gep-g2g3-first-line-prrt-netter2");
        Assert.DoesNotContain(netter.EnumerateArray(), r => r.GetProperty("id").GetString() == "lung-adjuvant-typical-carcinoid-none");

        var divergent = await client.GetFromJsonAsync<JsonElement>("/api/guidelines?consensus=Divergent");
        Assert.All(divergent.EnumerateArray(), r => Assert.Equal("Divergent", r.GetProperty("consensus").GetProperty("status").GetString()));
        var first = all[0];
        Assert.True(first.GetProperty("citations").GetArrayLength() > 0);
        Assert.Contains("site", (await (await client.GetAsync("/api/guidelines?site=Liver")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    /// <summary>The library page carries what it prerendered (each recommendation with its citations, ~250 KB of JSON) compressed: it must fit, with room to grow.</summary>
    [Fact]
    public async Task The_library_as_its_page_carries_it_packs_with_room_to_grow()
    {
        using var client = await app.SignedInAsync("editor@demo.local");
        var views = await client.GetFromJsonAsync<List<NetTumorBoard.Web.Guidelines.Browsing.RecommendationView>>("/api/guidelines", new JsonSerializerOptions(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        var shown = new NetTumorBoard.Web.Guidelines.Browsing.GuidelinesPage.Shown(views!, true);

        var packed = NetTumorBoard.Web.Components.PrerenderCarry.Pack(shown);

        Assert.NotNull(packed);
        Assert.True(packed.Length <= NetTumorBoard.Web.Components.PrerenderCarry.MaxPackedBytes * 3 / 4, $"{packed.Length} bytes: little room left for the library to grow");
        var back = NetTumorBoard.Web.Components.PrerenderCarry.Unpack<NetTumorBoard.Web.Guidelines.Browsing.GuidelinesPage.Shown>(packed);
        Assert.Equal(JsonSerializer.Serialize(shown, JsonSerializerOptions.Web), JsonSerializer.Serialize(back, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task Loading_the_library_file_again_changes_nothing()
    {
        var store = app.Services.GetRequiredService<Marten.IDocumentStore>();
        async Task<long> EventsAsync()
        {
            await using var session = store.QuerySession();
            return await Marten.QueryableExtensions.LongCountAsync(session.Events.QueryAllRawEvents().Where(e => e.EventTypeName.StartsWith("recommendation")));
        }
        var before = await EventsAsync();
        await app.Services.GetRequiredService<NetTumorBoard.Web.Guidelines.Library.GuidelineLibrary>().SeedAsync(CancellationToken.None);
        Assert.Equal(before, await EventsAsync());
    }

    [Fact]
    public async Task Open_questions_list_each_guideline_position()
    {
        using var client = await app.SignedInAsync("chair@demo.local");
        var questions = await client.GetFromJsonAsync<JsonElement>("/api/open-questions");
        var lung = Assert.Single(questions.EnumerateArray(), q => q.GetProperty("id").GetString() == "adjuvant-node-positive-atypical-lung-carcinoid");
        Assert.True(lung.GetProperty("positions").GetArrayLength() >= 2);
        Assert.Equal(0, lung.GetProperty("decisions").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_lung_case_gets_the_adjuvant_open_question_and_an_attached_snapshot_outlives_a_revision()
    {
        using var chair = await app.SignedInAsync("chair@demo.local");
        var caseId = await chair.CreateCaseAsync(new
        {
            primarySite = "Lung", histology = "AtypicalCarcinoid", tnm = new { t = "T2a", n = "N2", m = "M0" }, resected = true,
        }, "Adjuvant therapy?");
        var suggestions = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/suggestions");
        var top = suggestions[0];
        Assert.Equal("lung-adjuvant-atypical-node-positive", top.GetProperty("recommendationId").GetString());
        Assert.Equal("adjuvant-node-positive-atypical-lung-carcinoid", top.GetProperty("openQuestionId").GetString());
        Assert.Equal("Divergent", top.GetProperty("consensus").GetString());
        Assert.NotEmpty(top.GetProperty("reasons").EnumerateArray());
        Assert.StartsWith("Unresolved: adjuvant therapy after resection of node-positive atypical carcinoid", top.GetProperty("text").GetString()); // what it says, not only its title

        var attach = await chair.PostAsJsonAsync($"/api/cases/{caseId}/recommendations", new { recommendationId = "lung-adjuvant-atypical-node-positive", comment = "pN2, R0" });
        Assert.Equal(HttpStatusCode.Created, attach.StatusCode);
        var snapshot = await attach.Content.ReadFromJsonAsync<JsonElement>();
        var originalText = snapshot.GetProperty("text").GetString();
        var originalVersion = snapshot.GetProperty("version").GetInt64();

        // A guideline editor revises the recommendation.
        using var editor = await app.SignedInAsync("editor@demo.local");
        var current = await editor.GetFromJsonAsync<JsonObject>("/api/guidelines/lung-adjuvant-atypical-node-positive");
        var content = await editor.GetFromJsonAsync<JsonObject>("/api/guidelines/export");
        var record = content!["recommendations"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "lung-adjuvant-atypical-node-positive")!.AsObject();
        record.Remove("id");
        record.Remove("reviewStatus");
        record["text"] = originalText + " Revised wording for the test.";
        var revise = await editor.PutAsJsonAsync("/api/guidelines/lung-adjuvant-atypical-node-positive",
            new JsonObject { ["baseVersion"] = current!["version"]!.GetValue<long>(), ["content"] = record.DeepClone(), ["reason"] = "test" });
        Assert.Equal(HttpStatusCode.OK, revise.StatusCode);

        var caseBody = await chair.GetCaseAsync(caseId);
        var kept = Assert.Single(caseBody.GetProperty("attachedRecommendations").EnumerateArray());
        Assert.Equal(originalText, kept.GetProperty("text").GetString());
        Assert.Equal(originalVersion, kept.GetProperty("version").GetInt64());
        var views = await chair.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/recommendations");
        Assert.True(views[0].GetProperty("newerVersionExists").GetBoolean());

        // The old version stays readable exactly.
        var old = await chair.GetFromJsonAsync<JsonElement>($"/api/guidelines/lung-adjuvant-atypical-node-positive?version={originalVersion}");
        Assert.Equal(originalText, old.GetProperty("text").GetString());
        var versions = await chair.GetFromJsonAsync<JsonElement>("/api/guidelines/lung-adjuvant-atypical-node-positive/versions");
        Assert.Contains(versions.EnumerateArray(), v => v.GetProperty("change").GetString()!.StartsWith("Revised"));
    }

    [Fact]
    public async Task A_stale_revision_is_409_and_only_editors_curate()
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var current = await editor.GetFromJsonAsync<JsonObject>("/api/guidelines/sinet-everolimus");
        using var member = await app.SignedInAsync("oncologist@demo.local");
        await (await member.PostAsJsonAsync("/api/guidelines/sinet-everolimus/verification", new { version = 1 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsync("/api/guidelines/import", new StringContent("{}", Encoding.UTF8, "application/json"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var stale = await editor.PutAsJsonAsync("/api/guidelines/sinet-everolimus",
            new JsonObject { ["baseVersion"] = current!["version"]!.GetValue<long>() - 1 + 100, ["content"] = new JsonObject() });
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var verify = await editor.PostAsJsonAsync("/api/guidelines/sinet-everolimus/verification", new { version = current["version"]!.GetValue<long>(), note = "Checked against the guideline" });
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var verified = await editor.GetFromJsonAsync<JsonElement>("/api/guidelines/sinet-everolimus");
        Assert.Equal("Verified", verified.GetProperty("reviewStatus").GetString());
        Assert.NotEqual(JsonValueKind.Null, verified.GetProperty("verifiedBy").ValueKind);
    }

    [Theory]
    [InlineData("wrong-enum", "recommendations[0].setting")]
    [InlineData("missing-citation", "recommendations[0].citations")]
    [InlineData("duplicate-id", "recommendations[1].id")]
    [InlineData("applies-null", "recommendations[0].applies")]
    [InlineData("evidence-null-entry", "recommendations[0].keyEvidence[0]")]
    [InlineData("id-a-number", "recommendations[0].id")]
    [InlineData("id-with-slash", "recommendations[0].id")]
    [InlineData("id-with-trailing-newline", "recommendations[0].id")]
    [InlineData("question-citations-null", "openQuestions[0].citations")]
    [InlineData("library-version-a-number", "libraryVersion")]
    public async Task A_malformed_import_is_refused_whole_with_the_record_and_field_named(string problem, string field)
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var library = JsonNode.Parse(ShippedLibrary.Json)!.AsObject();
        var recommendations = library["recommendations"]!.AsArray();
        var firstId = recommendations[0]!["id"]!.GetValue<string>();
        recommendations[0]!["text"] = "Changed by an import that must not land.";
        switch (problem)
        {
            case "wrong-enum":
                recommendations[0]!["setting"] = "SecondOpinion";
                break;
            case "missing-citation":
                recommendations[0]!["citations"] = new JsonArray("no-such-citation");
                break;
            case "applies-null":
                recommendations[0]!["applies"] = null;
                break;
            case "evidence-null-entry":
                recommendations[0]!["keyEvidence"] = new JsonArray((JsonNode?)null);
                break;
            case "id-a-number":
                recommendations[0]!["id"] = 5;
                break;
            case "id-with-slash":
                recommendations[0]!["id"] = firstId + "/x";
                break;
            case "id-with-trailing-newline":
                recommendations[0]!["id"] = firstId + "\n";
                break;
            case "question-citations-null":
                library["openQuestions"]![0]!["citations"] = null;
                break;
            case "library-version-a-number":
                library["libraryVersion"] = 1;
                break;
            default:
                recommendations[1]!["id"] = firstId;
                break;
        }
        var response = await editor.PostAsync("/api/guidelines/import", new StringContent(library.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, body.ErrorFields());
        Assert.StartsWith("Nothing was imported.", body.GetProperty("title").GetString());
        Assert.Contains(problem is "id-a-number" or "question-citations-null" or "library-version-a-number" ? "" : firstId, body.GetProperty("title").GetString() + string.Join(" ", body.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString()))));
        var unchanged = await editor.GetFromJsonAsync<JsonElement>($"/api/guidelines/{firstId}");
        Assert.NotEqual("Changed by an import that must not land.", unchanged.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_valid_import_revises_changed_records_and_adds_new_ones()
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var library = JsonNode.Parse(ShippedLibrary.Json)!.AsObject();
        var recommendations = library["recommendations"]!.AsArray();
        var copy = recommendations[2]!.DeepClone().AsObject();
        copy["id"] = "imported-test-record";
        copy["openQuestion"] = null;
        recommendations.Add(copy);
        var response = await editor.PostAsync("/api/guidelines/import", new StringContent(library.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("added").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/guidelines/imported-test-record")).StatusCode);
    }

    /// <summary>
    /// A recommendation is content with parts the matcher and the screens rely on: one saved without them (e.g.
    /// <c>applies: null</c>) made suggestions fail for every case. Each such request is a 400 naming the part, and nothing
    /// is saved.
    /// </summary>
    [Theory]
    [InlineData("applies", null, "content.applies")]
    [InlineData("strength", null, "content.strength")]
    [InlineData("sites", null, "content.sites")]
    [InlineData("citations", null, "content.citations")]
    [InlineData("keyEvidence", "[null]", "content.keyEvidence[0]")]
    [InlineData("consensus", null, "content.consensus")]
    [InlineData("consensus", "{\"status\":\"Agreed\",\"summary\":\"\",\"positions\":null}", "content.consensus.positions")]
    [InlineData("applies", "{\"ki67\":{\"min\":20,\"max\":3}}", "content.applies.ki67")]
    [InlineData("guideline", "long", "content.guideline")]
    public async Task A_recommendation_missing_a_part_or_too_long_is_refused_naming_it_and_nothing_is_saved(string part, string? value, string field)
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var content = JsonNode.Parse(ShippedLibrary.Json)!["recommendations"]![0]!.DeepClone().AsObject();
        content.Remove("id");
        content.Remove("reviewStatus");
        content[part] = value == "long" ? new string('x', 201) : value is null ? null : JsonNode.Parse(value);
        var id = $"refused-{part.ToLowerInvariant()}-{Guid.NewGuid():N}"[..40];

        var response = await editor.PostAsJsonAsync("/api/guidelines", new JsonObject { ["id"] = id, ["content"] = content });
        Assert.Contains(field, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/guidelines/{id}")).StatusCode);

        var current = await editor.GetFromJsonAsync<JsonObject>("/api/guidelines/sinet-everolimus");
        var revision = await editor.PutAsJsonAsync("/api/guidelines/sinet-everolimus",
            new JsonObject { ["baseVersion"] = current!["version"]!.GetValue<long>(), ["content"] = content.DeepClone() });
        Assert.Contains(field, (await revision.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(current["version"]!.GetValue<long>(), (await editor.GetFromJsonAsync<JsonObject>("/api/guidelines/sinet-everolimus"))!["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"version\":-1}")]
    public async Task Verifying_without_a_version_is_a_400_naming_it(string body)
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var response = await editor.PostAsync("/api/guidelines/sinet-everolimus/verification", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Contains("version", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Theory]
    [InlineData("{\"version\":1}")]
    [InlineData("{\"version\":1,\"note\":\"  \"}")]
    public async Task Verifying_without_saying_against_what_is_a_400_naming_the_note_and_changes_nothing(string body)
    {
        using var editor = await app.SignedInAsync("editor@demo.local");
        var before = await editor.GetFromJsonAsync<JsonElement>("/api/guidelines/pannet-sunitinib");
        var response = await editor.PostAsync("/api/guidelines/pannet-sunitinib/verification",
            new StringContent(body.Replace("\"version\":1", $"\"version\":{before.GetProperty("version").GetInt64()}"), Encoding.UTF8, "application/json"));
        Assert.Equal(["note"], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var after = await editor.GetFromJsonAsync<JsonElement>("/api/guidelines/pannet-sunitinib");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal("Draft", after.GetProperty("reviewStatus").GetString());
    }
}
