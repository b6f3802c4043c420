namespace NetTumorBoard.Web.Account;

public static class ReturnUrls
{
    /// <summary>A local path to go to after signing in; anything else (another site, "//host", "/\host") becomes "/".</summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
