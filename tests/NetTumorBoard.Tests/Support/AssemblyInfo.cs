// The tests drive Linux machinery (PostgreSQL binaries, /proc, POSIX signals).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
