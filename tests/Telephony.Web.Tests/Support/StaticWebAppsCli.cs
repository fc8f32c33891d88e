using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Telephony.Tests.Support;

namespace Telephony.Web.Tests.Support;

/// <summary>
/// The page as <c>npm start</c> serves it: <c>functions/serve-page.sh</c>, the one <c>swa start</c> command line that
/// <c>functions/run-local.sh</c> runs, on a published <c>wwwroot</c>, with <c>/api</c> proxied to <paramref name="api"/>.
/// The Static Web Apps CLI comes from the repository's <c>node_modules</c> (<c>npm ci --ignore-scripts</c>).
/// </summary>
public sealed class StaticWebAppsCli : IAsyncDisposable
{
    /// <summary>The cookie the CLI's emulated sign-in form sets, and from which it forwards <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
    public const string SignInCookie = "StaticWebAppsAuthCookie";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private StaticWebAppsCli(Process process, StringBuilder output, string address)
    {
        _process = process;
        _output = output;
        Address = address;
    }

    /// <summary>The page's address, ending in <c>/</c>.</summary>
    public string Address { get; }

    /// <summary>What the CLI printed so far (for a failure's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<StaticWebAppsCli> StartAsync(string wwwroot, string api)
    {
        var port = FreePort();
        var script = Path.Combine(RepositoryRoot.Find(), "functions", "serve-page.sh");
        var start = new ProcessStartInfo("bash", [script, wwwroot, api.TrimEnd('/'), port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var cli = new StaticWebAppsCli(process, output, $"http://localhost:{port}/");

        // The CLI listens once it has reached the API; any answer (a sign-in redirect) means it serves.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"functions/serve-page.sh exited with {process.ExitCode}: {cli.Output}");
            }

            try
            {
                using var _ = await client.GetAsync(cli.Address);
                return cli;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
            catch (TaskCanceledException)
            {
            }
        }

        await cli.DisposeAsync();
        throw new TimeoutException($"The Static Web Apps CLI did not answer on {cli.Address} within 3 minutes: {cli.Output}");
    }

    /// <summary>
    /// The emulated sign-in, as the CLI's own form (<c>dist/public/auth.html</c>, <c>saveCookie</c>) does it: the
    /// client principal as JSON, base64, in <see cref="SignInCookie"/>. The form itself cannot be used here, as it loads
    /// jQuery and Bootstrap from a CDN that cannot be reached.
    /// </summary>
    public static string SignInCookieValue(string userDetails, params string[] roles) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            identityProvider = "aad",
            userId = "5f0c2b7e9a4d4c1f8e6b3a2d1c0f9e8d",
            userDetails,
            userRoles = roles.Append("anonymous").Append("authenticated"),
            claims = Array.Empty<object>(),
        })));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The CLI runs its server as a child process: stop the whole tree.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
