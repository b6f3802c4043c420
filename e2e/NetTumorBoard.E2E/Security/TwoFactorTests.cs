using System.Security.Cryptography;
using NetTumorBoard.Web.Demo;

namespace NetTumorBoard.E2E.Security;

/// <summary>A clinician turns on two-factor sign-in with an authenticator app; from then on the password alone does not open the account.</summary>
public sealed class TwoFactorTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_member_turns_on_two_factor_sign_in_and_then_needs_the_code_to_sign_in()
    {
        var page = await SignInAsync("nuclear@demo.local", "nuclear");
        await page.GetByTestId("security-link").ClickAsync();
        await WaitForCircuitAsync(page);
        await page.GetByTestId("two-factor-setup").ClickAsync();
        var key = (await page.GetByTestId("two-factor-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("two-factor-uri")).ToContainTextAsync("otpauth://totp/NetTumorBoard:nuclear%40demo.local");

        // A wrong code is refused and nothing changes.
        await Field(page.GetByTestId("two-factor"), "two-factor-code").FillAsync("000000" == Totp(key) ? "111111" : "000000");
        await page.GetByTestId("two-factor-confirm").ClickAsync();
        await Assertions.Expect(page.GetByText("That code is not correct")).ToBeVisibleAsync();

        await Field(page.GetByTestId("two-factor"), "two-factor-code").FillAsync(Totp(key));
        await page.GetByTestId("two-factor-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("two-factor-on")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "two-factor-on");
        var recovery = (await page.GetByTestId("recovery-codes").InnerTextAsync()).Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Signing in now takes the password and then a code.
        var again = await OpenPageAsync("nuclear-again");
        await again.GotoAsync("/account/login");
        await Assertions.Expect(again.GetByTestId("demo-hint")).ToBeVisibleAsync();
        await again.GetByTestId("login-email").FillAsync("nuclear@demo.local");
        await again.GetByTestId("login-password").FillAsync(DemoData.Password);
        await again.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(again.GetByTestId("login-code")).ToBeVisibleAsync();
        await Assertions.Expect(again.GetByTestId("demo-hint")).ToHaveCountAsync(0); // the demo password beside a code field read as the code
        await ScreenshotAsync(again, "sign-in-code");
        await again.GetByTestId("login-code").FillAsync("12345x");
        await again.GetByTestId("login-code-submit").ClickAsync();
        await Assertions.Expect(again.GetByText("The code has 6 digits")).ToBeVisibleAsync();
        await again.GetByTestId("login-code").FillAsync(Totp(key));
        await again.GetByTestId("login-code-submit").ClickAsync();
        await again.WaitForURLAsync(u => !u.Contains("/account/login"));
        await WaitForCircuitAsync(again);
        await Assertions.Expect(again.GetByTestId("user-badge")).ToContainTextAsync("Nuclear");

        // The API does not let the password alone in either.
        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        var login = await client.PostAsync("/api/auth/login", System.Net.Http.Json.JsonContent.Create(new { email = "nuclear@demo.local", password = DemoData.Password }));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("RequiresTwoFactor", await login.Content.ReadAsStringAsync());

        // A recovery code works once instead of the app's code.
        var third = await OpenPageAsync("nuclear-recovery");
        await third.GotoAsync("/account/login");
        await third.GetByTestId("login-email").FillAsync("nuclear@demo.local");
        await third.GetByTestId("login-password").FillAsync(DemoData.Password);
        await third.GetByTestId("login-submit").ClickAsync();
        await third.GetByTestId("login-code").FillAsync(recovery[0]);
        await third.GetByTestId("login-code-submit").ClickAsync();
        await third.WaitForURLAsync(u => !u.Contains("/account/login"));
        await WaitForCircuitAsync(third);

        // Turned off again, so that other scenarios can sign in as this user with the password.
        await again.GotoAsync("/account/security");
        await WaitForCircuitAsync(again);
        await again.GetByTestId("two-factor-disable").ClickAsync();
        await Assertions.Expect(again.GetByTestId("two-factor-setup")).ToBeVisibleAsync();
    }

    /// <summary>RFC 6238 time-based code (HMAC-SHA1, 30 s, 6 digits) from a base32 key, as an authenticator app computes it.</summary>
    private static string Totp(string base32)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
