using BenchmarkDotNet.Running;
using NetTumorBoard.Benchmarks;

// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- startup [runs]   start-up to /health/ready
// dotnet run -c Release --project tests/NetTumorBoard.Benchmarks -- --filter '*'      BenchmarkDotNet suites
return args.FirstOrDefault() switch
{
    "startup" => await StartupHarness.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 5),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(StartupHarness).Assembly).Run(args);
    return 0;
}
