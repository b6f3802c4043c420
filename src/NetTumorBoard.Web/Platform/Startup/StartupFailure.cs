namespace NetTumorBoard.Web.Platform.Startup;

/// <summary>
/// A start-up problem the operator can fix. Program prints <see cref="Exception.Message"/> as one clear
/// line (no stack trace) and exits non-zero.
/// </summary>
public sealed class StartupFailure(string message, Exception? inner = null) : Exception(message, inner)
{
    public const int ExitCode = 2;
}
