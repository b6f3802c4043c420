using System.Diagnostics;
using Marten;
using Marten.Services;
using Npgsql;

namespace NetTumorBoard.Benchmarks;

/// <summary>Prints each database round trip of a session with its duration (profiling aid).</summary>
internal sealed class TimingLogger(Stopwatch clock) : IMartenSessionLogger
{
    private double _start;
    public void LogSuccess(NpgsqlCommand command) => Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,8:F2}  cmd   {clock.Elapsed.TotalMilliseconds - _start,6:F2} ms  {command.CommandText[..Math.Min(70, command.CommandText.Length)]}");
    public void LogFailure(NpgsqlCommand command, Exception ex) { }
    public void LogSuccess(NpgsqlBatch batch) => Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,8:F2}  batch {clock.Elapsed.TotalMilliseconds - _start,6:F2} ms  {batch.BatchCommands.Count} commands: {string.Join(" | ", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText[..Math.Min(40, c.CommandText.Length)]))}");
    public void LogFailure(NpgsqlBatch batch, Exception ex) { }
    public void LogFailure(Exception ex, string message) { }
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) => Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,8:F2}  saved");
    public void OnBeforeExecute(NpgsqlCommand command) => _start = clock.Elapsed.TotalMilliseconds;
    public void OnBeforeExecute(NpgsqlBatch batch) => _start = clock.Elapsed.TotalMilliseconds;
}
