using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Tests.Support;

/// <summary>
/// Table Storage for integration tests: the connection string in TELEPHONY_TEST_STORAGE (what .ci/run passes: its own
/// Azurite), else, as a local convenience, an Azurite Table service already on the default port 10002 (the one
/// <c>npm start</c> runs), else an Azurite started here on a free port from the project's own npm install.
/// Another program on port 10002 is not taken for Azurite.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private static readonly Lazy<Task<Azurite>> Shared = new(async () =>
    {
        var azurite = new Azurite();
        await azurite.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().GetAwaiter().GetResult();
        return azurite;
    });

    /// <summary>One Azurite for the whole test run; each test class isolates itself in tables of its own.</summary>
    public static Task<Azurite> InstanceAsync() => Shared.Value;

    private const int DefaultPort = 10002;
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("TELEPHONY_TEST_STORAGE") is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        if (await IsAzuriteTableAsync(DefaultPort))
        {
            ConnectionString = TableConnectionString(DefaultPort);
            return;
        }

        var port = FreePort();
        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(azurite))
        {
            await InstallAsync(root);
        }

        _process = Process.Start(new ProcessStartInfo(azurite,
            ["--tableHost", "127.0.0.1", "--tablePort", port.ToString(), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await IsListeningAsync(port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite did not start: " + await _process.StandardError.ReadToEndAsync());
            }

            await Task.Delay(100);
        }

        ConnectionString = TableConnectionString(port);
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Installs the project's pinned npm packages (Azurite) so that <c>dotnet test</c> alone is enough; --ignore-scripts: the Static Web Apps CLI's keytar download is unreachable and unused.</summary>
    private static async Task InstallAsync(string root)
    {
        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.StandardOutput.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm ci' failed in {root}: {await errors}");
        }
    }

    public static string TableConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>Whether what answers on <paramref name="port"/> says it is Azurite's Table service.</summary>
    private static async Task<bool> IsAzuriteTableAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/");
            return response.Headers.Server.Any(s => s.Product?.Name == "Azurite-Table");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A loopback port nothing listens on (free when asked): storage there refuses every connection.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public static class RepositoryRoot
{
    public static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telephony.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Telephony.sln not found above " + AppContext.BaseDirectory);
    }
}
