using System.Net;
using System.Text.RegularExpressions;

namespace NetTumorBoard.Tests.Support;

/// <summary>Driving the app's server-rendered forms as a browser does: a cookie jar, and the antiforgery token of the page.</summary>
public static partial class BrowserForms
{
    public static HttpClient NewBrowser(Uri baseAddress, bool followRedirects = false) =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = followRedirects }) { BaseAddress = baseAddress };

    /// <summary>The value of the page's hidden __RequestVerificationToken field ("" when there is none).</summary>
    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(TokenInput().Match(html).Groups[1].Value);

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
