// The harnesses drive Linux machinery (PostgreSQL binaries, POSIX signals).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
