namespace NetTumorBoard.Tests.Support;

public static class TestPaths
{
    /// <summary>
    /// A fresh path under /tmp whose parents any user may traverse: when tests run as root the cluster runs as the
    /// postgres user, which must reach it. The directory itself is left for the launcher to create.
    /// </summary>
    public static string NewTempDirectory(string prefix)
    {
        var parent = Path.Combine(Path.GetTempPath(), "ntb-tests");
        Directory.CreateDirectory(parent);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(parent, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        }
        return Path.Combine(parent, $"{prefix}-{Guid.NewGuid():N}"[..40]);
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetTumorBoard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NetTumorBoard.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The app as built next to the tests (same configuration), for tests that run it as a process.</summary>
    public static string WebAppDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot, "src", "NetTumorBoard.Web", "bin", configuration, "net10.0", "NetTumorBoard.Web.dll");
        }
    }
}
