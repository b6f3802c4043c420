using System.Net;
using NetTumorBoard.Tests.Support;

namespace NetTumorBoard.Tests.Platform;

/// <summary>
/// Query values the framework binds to a type (an id, true/false): one that is not of its type is a 400 naming the
/// parameter, like every other invalid field (they answered with "Failed to bind parameter …" and no field).
/// </summary>
public sealed class QueryValueTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("/api/meetings?boardId=abc", "boardId")]
    [InlineData("/api/follow-up-tasks?overdue=maybe", "overdue")]
    [InlineData("/api/cases/{case}/history?linked=perhaps", "linked")]
    [InlineData("/api/cases/{case}/quorum?proposalId=12", "proposalId")]
    public async Task A_query_value_not_of_its_type_is_a_400_naming_it(string path, string field)
    {
        using var chair = await app.SignedInAsync();
        var caseId = path.Contains("{case}") ? await chair.CreateCaseAsync(new { primarySite = "Pancreas" }) : Guid.Empty;
        var problem = await (await chair.GetAsync(path.Replace("{case}", caseId.ToString()))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorFields());
        Assert.Contains("not valid here", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }
}
