using BenchmarkDotNet.Running;
using NetTumorBoard.Benchmarks;

// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- startup [runs]   start-up to /health/ready
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- coedit [seconds]   live co-editing latency and throughput
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- coedit-db          the database side of a section edit, statement by statement
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- coedit-editor [rounds] section-edit throughput on the browser editor's path only
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- coedit-soak raw|editor|http N [seconds]  one load alone (for top/perf)
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- votes [seconds]    vote → VoteTallyChanged latency at 50 subscribers
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- audit              history, time travel, ledger verification, hashing cost
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- profile            where one edit's time goes
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- --filter '*'      BenchmarkDotNet suites
return args.FirstOrDefault() switch
{
    "startup" => await StartupHarness.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 5),
    "profile" => await Profile(),
    "coedit" => await CoEditingHarness.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 15),
    "coedit-db" => await CoEditingHarness.DatabaseSideAsync(),
    "coedit-editor" => await CoEditingHarness.EditorPathAsync(args.Length > 1 ? int.Parse(args[1]) : 6),
    "coedit-soak" => await CoEditingHarness.SoakAsync(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 20),
    "audit" => await AuditHarness.RunAsync(),
    "audit-profile" => await AuditHarness.ProfileAsync(),
    "votes" => await VotingHarness.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 15),
    _ => Run(args),
};

static async Task<int> Profile()
{
    await using var host = await BenchHost.StartAsync();
    return await ProfileHarness.RunAsync(host);
}

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(StartupHarness).Assembly).Run(args);
    return 0;
}
