using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.E2E;

/// <summary>
/// Base of every e2e test: opens one browser context per simulated user, records each page's console, and on a
/// failed test saves a screenshot and the console log of every open page under e2e/artifacts/.
/// </summary>
public abstract class BrowserTest(E2EHost host) : IAsyncLifetime
{
    private readonly List<(string Name, IPage Page, List<string> Console)> _pages = [];
    protected E2EHost Host { get; } = host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <param name="baseAddress">Another address of the same app, e.g. http://localhost:port for WebAuthn, which refuses IP addresses.</param>
    /// <param name="timezoneId">The browser's time zone (IANA id); the machine's when null.</param>
    protected async Task<IPage> OpenPageAsync(string name, Uri? baseAddress = null, string? timezoneId = null)
    {
        var context = await Host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? Host.BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-GB",
            TimezoneId = timezoneId,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) { console.Add($"[{m.Type}] {m.Text}"); } };
        page.PageError += (_, e) => { lock (console) { console.Add($"[pageerror] {e}"); } };
        _pages.Add((name, page, console));
        return page;
    }

    /// <summary>Signs in through the sign-in page and waits for the interactive circuit.</summary>
    protected async Task<IPage> SignInAsync(string email, string name, string startAt = "/cases", string? timezoneId = null)
    {
        var page = await OpenPageAsync(name, timezoneId: timezoneId);
        await page.GotoAsync(startAt);
        await page.WaitForURLAsync("**/account/login**");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(DemoData.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>The text box of a MudBlazor field, whether its test id lands on the input or on a wrapper.</summary>
    protected static ILocator Field(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    protected static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Screenshots for people to look at (kept for every run, not only failures).</summary>
    protected static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var dir = Path.Combine(E2EHost.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result == TestResult.Failed;
        var test = TestContext.Current.Test?.TestDisplayName ?? GetType().Name;
        var safe = string.Concat(test.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        foreach (var (name, page, console) in _pages)
        {
            if (failed)
            {
                var dir = Path.Combine(E2EHost.ArtifactsDirectory, "failures", safe);
                Directory.CreateDirectory(dir);
                try
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png"), FullPage = true });
                }
                catch (PlaywrightException)
                {
                }
                lock (console)
                {
                    File.WriteAllLines(Path.Combine(dir, $"{name}.console.log"), [$"url: {page.Url}", .. console]);
                }
            }
            await page.Context.CloseAsync();
        }
        // The Content-Security-Policy must not block anything the app itself does.
        var blocked = _pages.SelectMany(p => { lock (p.Console) { return p.Console.Where(l => l.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList(); } }).ToList();
        if (!failed && blocked.Count > 0)
        {
            throw new InvalidOperationException("The browser reported Content-Security-Policy violations:\n" + string.Join('\n', blocked));
        }
    }
}
