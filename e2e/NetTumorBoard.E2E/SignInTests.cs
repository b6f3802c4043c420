namespace NetTumorBoard.E2E;

public sealed class SignInTests(E2EHost host) : BrowserTest(host)
{
    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_a_right_one_opens_the_page_asked_for()
    {
        var page = await OpenPageAsync("visitor");
        await page.GotoAsync("/cases/0193a000-0000-7000-8000-00000000c003");
        await page.WaitForURLAsync("**/account/login**");
        await ScreenshotAsync(page, "sign-in");

        await page.GetByTestId("login-email").FillAsync("pathologist@demo.local");
        await page.GetByTestId("login-password").FillAsync("wrong-password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("not correct");

        await page.GetByTestId("login-email").FillAsync("pathologist@demo.local");
        await page.GetByTestId("login-password").FillAsync(NetTumorBoard.Web.Demo.DemoData.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync("**/cases/0193a000-0000-7000-8000-00000000c003");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("case-title")).ToHaveTextAsync("LUN-1172");
        await Assertions.Expect(page.GetByTestId("fact-classification")).ToContainTextAsync("Atypical carcinoid");
        await ScreenshotAsync(page, "case-page-lung");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/login**");
        await page.GotoAsync("/cases");
        await page.WaitForURLAsync("**/account/login**");
    }

    [Fact]
    public async Task A_member_of_another_board_sees_neither_its_cases_nor_a_case_by_its_address()
    {
        var page = await SignInAsync("outsider@demo.local", "outsider");
        await Assertions.Expect(page.GetByTestId("no-cases")).ToBeVisibleAsync();
        await page.GotoAsync("/cases/0193a000-0000-7000-8000-00000000c001");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByText("Case not found")).ToBeVisibleAsync();
        Assert.DoesNotContain("PAN-2417", await page.ContentAsync());
    }
}
