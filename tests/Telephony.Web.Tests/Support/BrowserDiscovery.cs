using System.Runtime.InteropServices;

namespace Telephony.Web.Tests.Support;

public enum HostOs
{
    Linux,
    MacOS,
    Windows,
}

/// <summary>The machine as browser discovery sees it, so the discovery can be tested over a made-up one.</summary>
public sealed record Machine(
    HostOs Os,
    bool IsRoot,
    Func<string, string?> Variable,
    Func<string, bool> FileExists,
    Func<string, IEnumerable<string>> Subdirectories)
{
    public static Machine Current() => new(
        OperatingSystem.IsWindows() ? HostOs.Windows : OperatingSystem.IsMacOS() ? HostOs.MacOS : HostOs.Linux,
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && geteuid() == 0,
        Environment.GetEnvironmentVariable,
        File.Exists,
        directory => Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : []);

    public char Separator => Os == HostOs.Windows ? '\\' : '/';

    public string Join(params string[] parts) =>
        string.Join(Separator, parts.Select((part, i) => i == 0 ? part.TrimEnd('/', '\\') : part.Trim('/', '\\')));

    [DllImport("libc")]
    private static extern uint geteuid();
}

/// <summary>A browser to try: an executable, or Playwright's own installed Chromium (no path).</summary>
public sealed record BrowserCandidate(string? ExecutablePath, string Source);

/// <summary>
/// Which Chromium-based browser the browser tests drive: the <see cref="Setting"/> when set (and nothing else), else
/// Playwright's installed browsers, else the usual names on the PATH, else where macOS and Windows install browsers.
/// </summary>
public static class BrowserDiscovery
{
    public const string Setting = "TELEPHONY_BROWSER";

    private static readonly string[] PathNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static IReadOnlyList<BrowserCandidate> Candidates(Machine machine)
    {
        if (machine.Variable(Setting) is { Length: > 0 } configured)
        {
            return machine.FileExists(configured)
                ? [new BrowserCandidate(configured, Setting)]
                : throw new InvalidOperationException($"{Setting} names '{configured}', which does not exist: set it to a Chromium, Chrome or Edge executable, or unset it to look for one.");
        }

        var candidates = new List<BrowserCandidate>();
        if (PlaywrightBrowsers(machine) is { } cache &&
            machine.Subdirectories(cache).Any(d => d.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries)[^1].StartsWith("chromium", StringComparison.Ordinal)))
        {
            candidates.Add(new BrowserCandidate(null, $"Playwright's Chromium in {cache}"));
        }

        var path = (machine.Variable("PATH") ?? "").Split(machine.Os == HostOs.Windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in Names(machine.Os))
        {
            candidates.AddRange(path.Select(directory => machine.Join(directory, name)).Where(machine.FileExists)
                .Select(file => new BrowserCandidate(file, $"{name} on the PATH")));
        }

        candidates.AddRange(Installed(machine).Where(machine.FileExists).Select(file => new BrowserCandidate(file, "installed")));
        return candidates.DistinctBy(c => c.ExecutablePath).ToList();
    }

    /// <summary>Chromium refuses to start as root with its sandbox on; elsewhere the sandbox stays.</summary>
    public static IReadOnlyList<string> Arguments(Machine machine) => machine.Os == HostOs.Linux && machine.IsRoot ? ["--no-sandbox"] : [];

    /// <summary>Where Playwright keeps the browsers its <c>install</c> command downloads.</summary>
    public static string? PlaywrightBrowsers(Machine machine)
    {
        if (machine.Variable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } configured && configured != "0")
        {
            return configured;
        }

        return machine.Os switch
        {
            HostOs.Windows => machine.Variable("LOCALAPPDATA") is { Length: > 0 } local ? machine.Join(local, "ms-playwright") : null,
            HostOs.MacOS => machine.Variable("HOME") is { Length: > 0 } home ? machine.Join(home, "Library", "Caches", "ms-playwright") : null,
            _ => machine.Variable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? machine.Join(xdg, "ms-playwright")
                : machine.Variable("HOME") is { Length: > 0 } home ? machine.Join(home, ".cache", "ms-playwright") : null,
        };
    }

    public static string NotFound(Machine machine, IEnumerable<string> failures)
    {
        var tried = failures.ToList();
        var setting = machine.Variable(Setting) is { Length: > 0 } configured ? configured : "unset";
        return string.Join(Environment.NewLine,
        [
            "No Chromium-based browser was found for the browser tests (tests/Telephony.Web.Tests).",
            $"Looked for: {Setting} ({setting}), Playwright's browsers in {PlaywrightBrowsers(machine) ?? "(no cache folder)"}, " +
            $"{string.Join(", ", Names(machine.Os))} on the PATH{string.Concat(Installed(machine).Select(file => ", " + file))}.",
            .. tried.Count == 0 ? Array.Empty<string>() : ["Found but could not launch:", .. tried.Select(t => "  " + t)],
            "Install one, then run the tests again:",
            "  Playwright's Chromium (any OS, after a build): pwsh tests/Telephony.Web.Tests/bin/Debug/net10.0/playwright.ps1 install chromium",
            "  Debian: sudo apt-get install chromium    Ubuntu: sudo apt-get install chromium-browser",
            "  macOS: brew install --cask google-chrome (or chromium)    Windows: Google Chrome, or Microsoft Edge",
            $"or set {Setting} to the executable of a Chromium, Chrome or Edge you have.",
        ]);
    }

    private static IEnumerable<string> Names(HostOs os) =>
        os == HostOs.Windows ? PathNames.Select(n => n + ".exe").Prepend("chrome.exe") : PathNames;

    /// <summary>Where the browsers' installers put them on macOS and Windows.</summary>
    private static IEnumerable<string> Installed(Machine machine)
    {
        switch (machine.Os)
        {
            case HostOs.MacOS:
                var apps = new[] { "/Applications" }.Concat(machine.Variable("HOME") is { Length: > 0 } home ? [machine.Join(home, "Applications")] : []);
                foreach (var folder in apps)
                {
                    yield return machine.Join(folder, "Google Chrome.app", "Contents", "MacOS", "Google Chrome");
                    yield return machine.Join(folder, "Chromium.app", "Contents", "MacOS", "Chromium");
                    yield return machine.Join(folder, "Microsoft Edge.app", "Contents", "MacOS", "Microsoft Edge");
                }

                break;
            case HostOs.Windows:
                var roots = new[] { "ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA" }
                    .Select(machine.Variable).OfType<string>().Where(r => r.Length > 0).ToList();
                foreach (var root in roots)
                {
                    yield return machine.Join(root, "Google", "Chrome", "Application", "chrome.exe");
                }

                foreach (var root in roots)
                {
                    yield return machine.Join(root, "Microsoft", "Edge", "Application", "msedge.exe");
                }

                break;
        }
    }
}
