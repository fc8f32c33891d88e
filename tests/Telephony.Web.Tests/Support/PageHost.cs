using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Telephony.Functions.Security;
using Telephony.Tests.Activation;
using Telephony.Tests.Support;

namespace Telephony.Web.Tests.Support;

/// <summary>
/// What Static Web Apps is in production, on loopback: the published page as static files with the navigation
/// fallback, and <c>/api/*</c> handed to the real function classes on Azurite. As Static Web Apps does, it drops any
/// <c>X-MS-CLIENT-PRINCIPAL</c> the browser sends and forwards the principal of the browser's sign-in cookie instead.
/// </summary>
public sealed class PageHost : IAsyncDisposable
{
    public const string SignInCookie = "test-principal";

    private readonly WebApplication _web;

    private PageHost(WebApplication web, ActivationHarness harness, string address)
    {
        _web = web;
        Harness = harness;
        Address = address;
    }

    public ActivationHarness Harness { get; }

    public TestApp App => Harness.App;

    public TestApi Api => Harness.Api;

    /// <summary>The voice platform, for a test that must see a number while its update is still in progress.</summary>
    public ScriptedVoicePlatform Platform => App.Get<ScriptedVoicePlatform>();

    /// <summary>The page's address (the API's, for <see cref="StartApiAsync"/>), ending in <c>/</c>.</summary>
    public string Address { get; }

    public static Task<PageHost> StartAsync() => StartAsync(servesPage: true);

    /// <summary>
    /// The Functions host's part alone, for the Static Web Apps CLI to proxy <c>/api</c> to: the function classes on
    /// Azurite, trusting the <c>X-MS-CLIENT-PRINCIPAL</c> the CLI sets from its sign-in cookie, as the Function app
    /// behind Static Web Apps does.
    /// </summary>
    public static Task<PageHost> StartApiAsync() => StartAsync(servesPage: false);

    private static async Task<PageHost> StartAsync(bool servesPage)
    {
        // As deployed: no development principal, so only the signed-in principal counts.
        // The scripted platform passes every call to the simulated one until a test holds a step (Platform).
        var harness = await ActivationHarness.StartAsync(services =>
        {
            ScriptedVoicePlatform.Install(services);
            services.PostConfigure<SecurityOptions>(o => o.DevelopmentPrincipal = null);
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var web = builder.Build();

        var endpoints = new FunctionEndpoints(harness.App, harness.Client);
        web.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }

            if (servesPage)
            {
                http.Request.Headers.Remove(TelephonyClaims.PrincipalHeader);
                if (http.Request.Cookies.TryGetValue(SignInCookie, out var principal) && principal.Length > 0)
                {
                    http.Request.Headers[TelephonyClaims.PrincipalHeader] = principal;
                }
            }

            await endpoints.HandleAsync(http);
        });
        if (!servesPage)
        {
            return await ListenAsync(web, harness);
        }

        var root = PublishedPage.Directory();
        // The page's own Static Web Apps headers (its Content-Security-Policy above all), so the tests run under them.
        var headers = GlobalHeaders(Path.Combine(root, "staticwebapp.config.json"));
        web.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                foreach (var (name, value) in headers)
                {
                    http.Response.Headers[name] = value;
                }

                return Task.CompletedTask;
            });
            return next(http);
        });

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".wasm"] = "application/wasm";
        // As Static Web Apps does, send the Brotli copy the publish made when the browser accepts it.
        web.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (path != "/" && http.Request.Headers.AcceptEncoding.ToString().Contains("br", StringComparison.Ordinal)
                && files.GetFileInfo(path + ".br") is { Exists: true } compressed && types.TryGetContentType(path, out var type))
            {
                http.Response.Headers.ContentEncoding = "br";
                http.Response.Headers.Vary = "Accept-Encoding";
                http.Response.ContentType = type;
                http.Response.ContentLength = compressed.Length;
                await http.Response.SendFileAsync(compressed);
                return;
            }

            await next(http);
        });
        web.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        web.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, ServeUnknownFileTypes = true });
        // Static Web Apps' navigationFallback: a deep link (a site, with its filters) loads the page.
        web.MapFallback(async http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.SendFileAsync(Path.Combine(root, "index.html"));
        });

        return await ListenAsync(web, harness);
    }

    private static async Task<PageHost> ListenAsync(WebApplication web, ActivationHarness harness)
    {
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PageHost(web, harness, address.TrimEnd('/') + "/");
    }

    private static IReadOnlyDictionary<string, string> GlobalHeaders(string config)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>An API request as a signed-in browser sends it (the sign-in cookie), through the same front door as the page's.</summary>
    public async Task<HttpResponseMessage> SendAsync(string principal, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var client = new HttpClient { BaseAddress = new Uri(Address) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{SignInCookie}={principal}");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, contentType);
        }

        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Platform.PutGate?.TrySetResult();
        await _web.DisposeAsync();
        await Harness.DisposeAsync();
    }
}

/// <summary>The page, published once per test run (Release, as deployed) into the web project's bin folder.</summary>
public static class PublishedPage
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory() => Published.Value;

    private static string Publish()
    {
        var repository = RepositoryRoot.Find();
        var output = Path.Combine(repository, "web", "bin", "browser-tests");
        var index = Path.Combine(output, "wwwroot", "index.html");
        if (File.Exists(index) && File.GetLastWriteTimeUtc(index) > NewestSource(Path.Combine(repository, "web")))
        {
            return Path.GetDirectoryName(index)!;
        }

        // A clean folder: fingerprinted files of an earlier publish would otherwise stay and count in the download size.
        if (System.IO.Directory.Exists(output))
        {
            System.IO.Directory.Delete(output, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(repository, "web", "Telephony.Web.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish web failed: {stdout.Result} {stderr.Result}");
        }

        File.SetLastWriteTimeUtc(index, DateTime.UtcNow);
        return Path.GetDirectoryName(index)!;
    }

    /// <summary>Publishing takes minutes: a publish newer than every source file of the page is used as it is.</summary>
    private static DateTime NewestSource(string web) =>
        System.IO.Directory.EnumerateFiles(web, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Max(File.GetLastWriteTimeUtc);
}
