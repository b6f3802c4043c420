using BenchmarkDotNet.Attributes;
using NetTumorBoard.Web.Cases;
using NetTumorBoard.Web.Guidelines;
using NetTumorBoard.Web.Guidelines.Library;
using NetTumorBoard.Web.Guidelines.Matching;

namespace NetTumorBoard.Benchmarks;

/// <summary>Ranking the whole shipped library (and its open questions) for one case, as GET …/suggestions does.</summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private IReadOnlyList<Recommendation> _library = [];
    private IReadOnlyList<OpenQuestion> _questions = [];
    private CaseContent _panNet = default!;
    private CaseContent _lung = default!;

    [GlobalSetup]
    public void Setup()
    {
        var file = LibraryValidator.Read(File.ReadAllText(GuidelineLibrary.SeedPath)).File!;
        _library = file.Recommendations
            .Select(r => new Recommendation { Id = Recommendation.StreamIdFor(r.Id), Key = r.Id, Content = r.ToContent(), Version = 1 }).ToList();
        _questions = file.OpenQuestions.Select(q => q.ToDocument()).ToList();
        var cases = NetTumorBoard.Web.Demo.DemoData.Cases(new DateOnly(2026, 11, 26));
        _panNet = Content(cases[0].Request);
        _lung = Content(cases[2].Request);
    }

    private static CaseContent Content(NetTumorBoard.Web.Cases.Creating.CreateCaseRequest r) => new(r.Patient!, r.Tumor!, r.Question);

    [Benchmark]
    public SuggestionReport RankProgressivePanNet() => SuggestionsSlice.Rank(_panNet, _library, _questions);

    [Benchmark]
    public SuggestionReport RankResectedAtypicalLungCarcinoid() => SuggestionsSlice.Rank(_lung, _library, _questions);
}
