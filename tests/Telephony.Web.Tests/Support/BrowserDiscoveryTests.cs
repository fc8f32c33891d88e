namespace Telephony.Web.Tests.Support;

/// <summary>How the browser tests find a browser on a Mac, on Windows, on Linux with or without Playwright's download.</summary>
public sealed class BrowserDiscoveryTests
{
    private static Machine On(HostOs os, IReadOnlyDictionary<string, string> variables, IEnumerable<string> files, IEnumerable<string>? directories = null, bool root = false)
    {
        var existing = files.ToHashSet(StringComparer.Ordinal);
        var folders = (directories ?? []).ToList();
        return new Machine(os, root, name => variables.GetValueOrDefault(name), existing.Contains,
            parent => folders.Where(d => d.StartsWith(parent, StringComparison.Ordinal) && d.Length > parent.Length && d[parent.Length] is '/' or '\\'));
    }

    private static readonly Dictionary<string, string> LinuxHome = new() { ["HOME"] = "/home/ada", ["PATH"] = "/usr/local/bin:/usr/bin:/bin" };

    [Fact]
    public void The_setting_is_the_only_browser_tried_when_it_is_set()
    {
        var machine = On(HostOs.Linux, new Dictionary<string, string>(LinuxHome) { ["TELEPHONY_BROWSER"] = "/opt/chrome/chrome" },
            ["/opt/chrome/chrome", "/usr/bin/chromium"], ["/home/ada/.cache/ms-playwright/chromium-1187"]);

        Assert.Equal([new BrowserCandidate("/opt/chrome/chrome", "TELEPHONY_BROWSER")], BrowserDiscovery.Candidates(machine));
    }

    [Fact]
    public void A_setting_naming_a_missing_file_fails_with_the_setting_and_the_path()
    {
        var machine = On(HostOs.Linux, new Dictionary<string, string>(LinuxHome) { ["TELEPHONY_BROWSER"] = "/opt/none/chrome" }, ["/usr/bin/chromium"]);

        var failure = Assert.Throws<InvalidOperationException>(() => BrowserDiscovery.Candidates(machine));

        Assert.Contains("TELEPHONY_BROWSER names '/opt/none/chrome', which does not exist", failure.Message);
    }

    [Fact]
    public void Playwrights_own_chromium_comes_first_then_the_usual_names_on_the_path_in_their_order()
    {
        var machine = On(HostOs.Linux, LinuxHome,
            ["/usr/bin/google-chrome", "/usr/local/bin/chromium-browser", "/bin/chromium", "/usr/bin/firefox"],
            ["/home/ada/.cache/ms-playwright/chromium-1187", "/home/ada/.cache/ms-playwright/ffmpeg-1011"]);

        Assert.Equal(
        [
            new BrowserCandidate(null, "Playwright's Chromium in /home/ada/.cache/ms-playwright"),
            new BrowserCandidate("/bin/chromium", "chromium on the PATH"),
            new BrowserCandidate("/usr/local/bin/chromium-browser", "chromium-browser on the PATH"),
            new BrowserCandidate("/usr/bin/google-chrome", "google-chrome on the PATH"),
        ], BrowserDiscovery.Candidates(machine));
    }

    [Fact]
    public void Playwrights_browsers_are_looked_for_where_its_settings_put_them()
    {
        var moved = On(HostOs.Linux, new Dictionary<string, string>(LinuxHome) { ["PLAYWRIGHT_BROWSERS_PATH"] = "/srv/browsers" }, [],
            ["/srv/browsers/chromium_headless_shell-1187"]);
        var xdg = On(HostOs.Linux, new Dictionary<string, string>(LinuxHome) { ["XDG_CACHE_HOME"] = "/var/cache/ada" }, []);

        Assert.Equal([new BrowserCandidate(null, "Playwright's Chromium in /srv/browsers")], BrowserDiscovery.Candidates(moved));
        Assert.Equal("/var/cache/ada/ms-playwright", BrowserDiscovery.PlaywrightBrowsers(xdg));
        Assert.Equal("/home/ada/Library/Caches/ms-playwright", BrowserDiscovery.PlaywrightBrowsers(On(HostOs.MacOS, LinuxHome, [])));
        Assert.Empty(BrowserDiscovery.Candidates(On(HostOs.Linux, LinuxHome, [], ["/home/ada/.cache/ms-playwright/firefox-1490"])));
    }

    [Fact]
    public void On_a_mac_without_one_on_the_path_the_installed_chrome_is_found()
    {
        var machine = On(HostOs.MacOS, new Dictionary<string, string> { ["HOME"] = "/Users/ada", ["PATH"] = "/opt/homebrew/bin:/usr/bin" },
            ["/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"]);

        Assert.Equal(
        [
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium",
        ], BrowserDiscovery.Candidates(machine).Select(c => c.ExecutablePath));
    }

    [Fact]
    public void On_windows_the_path_uses_semicolons_and_exe_names_then_chrome_and_edge_in_program_files()
    {
        var machine = On(HostOs.Windows,
            new Dictionary<string, string>
            {
                ["PATH"] = @"C:\Windows\system32;C:\tools\",
                ["ProgramFiles"] = @"C:\Program Files",
                ["ProgramFiles(x86)"] = @"C:\Program Files (x86)",
                ["LOCALAPPDATA"] = @"C:\Users\ada\AppData\Local",
            },
            [@"C:\tools\chromium.exe", @"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"]);

        Assert.Equal(
        [
            @"C:\tools\chromium.exe",
            @"C:\Program Files\Google\Chrome\Application\chrome.exe",
            @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        ], BrowserDiscovery.Candidates(machine).Select(c => c.ExecutablePath));
    }

    [Fact]
    public void With_no_browser_anywhere_the_message_says_how_to_install_one()
    {
        var machine = On(HostOs.Linux, LinuxHome, ["/usr/bin/firefox"]);

        Assert.Empty(BrowserDiscovery.Candidates(machine));
        var message = BrowserDiscovery.NotFound(machine, []);
        Assert.Contains("No Chromium-based browser was found", message);
        Assert.Contains("playwright.ps1 install chromium", message);
        Assert.Contains("sudo apt-get install chromium", message);
        Assert.Contains("brew install --cask google-chrome", message);
        Assert.Contains("set TELEPHONY_BROWSER", message);
        Assert.Contains("/home/ada/.cache/ms-playwright", message);
    }

    [Fact]
    public void A_browser_that_would_not_launch_is_named_in_the_message()
    {
        var machine = On(HostOs.Linux, LinuxHome, ["/usr/bin/chromium"]);

        var message = BrowserDiscovery.NotFound(machine, ["/usr/bin/chromium: Failed to launch"]);

        Assert.Contains("Found but could not launch:" + Environment.NewLine + "  /usr/bin/chromium: Failed to launch", message);
    }

    [Fact]
    public void The_sandbox_is_switched_off_only_for_root_on_linux()
    {
        Assert.Equal(["--no-sandbox"], BrowserDiscovery.Arguments(On(HostOs.Linux, LinuxHome, [], root: true)));
        Assert.Empty(BrowserDiscovery.Arguments(On(HostOs.Linux, LinuxHome, [])));
        Assert.Empty(BrowserDiscovery.Arguments(On(HostOs.MacOS, LinuxHome, [], root: true)));
        Assert.Empty(BrowserDiscovery.Arguments(On(HostOs.Windows, LinuxHome, [])));
    }
}
