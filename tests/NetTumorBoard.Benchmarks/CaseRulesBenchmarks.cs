using BenchmarkDotNet.Attributes;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Cases.Creating;
using NetTumorBoard.Web.Demo;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Benchmarks;

/// <summary>The pure part of creating a case (validation and decision), which every create pays before any I/O.</summary>
[MemoryDiagnoser]
public class CaseRulesBenchmarks
{
    private readonly CreateCaseRequest _request = DemoData.Cases(new DateOnly(2026, 11, 26))[0].Request;
    private readonly Actor _actor = new(Guid.CreateVersion7(), "Bench", Discipline.MedicalOncology);

    [Benchmark]
    public CaseCreated DecideCreateCase() =>
        CreateCaseSlice.Decide(_request, Guid.CreateVersion7(), DemoData.NetBoardId, _actor, DateTimeOffset.UtcNow);
}
