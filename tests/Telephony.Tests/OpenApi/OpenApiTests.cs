using System.Text.Json.Nodes;
using Telephony.Tests.Activation;
using Telephony.Tests.Administration;
using Telephony.Tests.Events;
using Telephony.Tests.Security;
using Telephony.Tests.Support;

namespace Telephony.Tests.OpenApi;

/// <summary><c>docs/openapi.yaml</c> against what is built: the routes of functions.metadata, and real answers.</summary>
public sealed class OpenApiTests : SeededSiteTests
{
    private const string Site = Api.Site;
    private const string NumberPath = "/sites/{siteId}/phone-numbers/{number}";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private static OpenApiDocument Doc => OpenApiDocument.Load();

    /// <summary>functions.metadata is what the Functions host reads to map routes; the build copies it next to the tests.</summary>
    private static IReadOnlyList<(string Function, string Path, string Method)> BuiltRoutes()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(file), $"No functions.metadata at {file}: build the functions project.");
        return JsonNode.Parse(File.ReadAllText(file))!.AsArray()
            .SelectMany(function => function!["bindings"]!.AsArray()
                .Where(b => b!["type"]!.GetValue<string>() == "httpTrigger")
                .SelectMany(b => b!["methods"]!.AsArray().Select(m => (
                    function["name"]!.GetValue<string>(), "/" + b["route"]!.GetValue<string>(), m!.GetValue<string>().ToLowerInvariant()))))
            .ToList();
    }

    [Fact]
    public void No_key_of_the_document_is_a_stray_piece_of_a_description()
    {
        // In a YAML flow mapping ({type: string, description: a, b}) an unquoted comma ends the description and makes
        // the rest a key with no value, which a reader of the document would never see.
        var strays = new List<string>();
        Walk(Doc.Root, "");
        Assert.Empty(strays);

        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (value is null && key.Contains(' ', StringComparison.Ordinal))
                        {
                            strays.Add($"{path}/{key}");
                        }

                        Walk(value, $"{path}/{key}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}/{i}");
                    }

                    break;
            }
        }
    }

    [Fact]
    public void Every_built_route_and_method_is_documented_and_nothing_else_is()
    {
        var built = BuiltRoutes();
        var documented = Doc.Paths.SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (p.Key, o.Key))).ToHashSet();

        Assert.NotEmpty(built);
        Assert.Empty(built.Select(r => (r.Path, r.Method)).Except(documented));
        Assert.Empty(documented.Except(built.Select(r => (r.Path, r.Method))));
    }

    [Fact]
    public void Each_operation_is_named_after_its_function_and_declares_its_path_parameters()
    {
        foreach (var (function, path, method) in BuiltRoutes())
        {
            var item = Doc.Paths[path]!;
            var operation = item[method]!;
            Assert.Equal(function, operation["operationId"]?.GetValue<string>());

            var declared = new[] { item["parameters"], operation["parameters"] }.OfType<JsonArray>().SelectMany(a => a)
                .Select(p => p!["$ref"]?.GetValue<string>() is { } reference
                    ? Doc.Root["components"]!["parameters"]![reference.Split('/')[^1]]!
                    : p!)
                .Where(p => p["in"]!.GetValue<string>() == "path")
                .Select(p => p["name"]!.GetValue<string>());
            var inTemplate = path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));
            Assert.Equal(inTemplate.Order(), declared.Order());
        }
    }

    [Fact]
    public void Every_operation_but_a_get_documents_its_bodys_one_media_type_and_the_415_for_any_other()
    {
        foreach (var (function, path, method) in BuiltRoutes())
        {
            var operation = Doc.Paths[path]![method]!;
            var responses = operation["responses"]!.AsObject();
            if (method == "get")
            {
                Assert.False(responses.ContainsKey("415"), $"{function} reads no body");
                continue;
            }

            var mediaTypes = operation["requestBody"]?["content"]?.AsObject().Select(c => c.Key).ToList() ?? [];
            Assert.True(mediaTypes.SequenceEqual([function == "ImportPhoneNumbers" ? "text/csv" : "application/json"]), $"{function}: {string.Join(", ", mediaTypes)}");
            Assert.True(responses.ContainsKey("415"), $"{function} documents no 415");
        }
    }

    [Fact]
    public void The_document_declares_the_client_principal_as_the_only_security_scheme()
    {
        var schemes = Doc.Root["components"]!["securitySchemes"]!.AsObject();

        // No function keys: App Service Authentication in front of the Function app admits only the Static Web App.
        Assert.Equal(["clientPrincipal"], schemes.Select(s => s.Key));
        Assert.Equal("X-MS-CLIENT-PRINCIPAL", schemes["clientPrincipal"]!["name"]!.GetValue<string>());
        Assert.Equal("3.1.0", Doc.Root["openapi"]!.GetValue<string>());
    }

    [Fact]
    public void A_schema_check_fails_on_an_answer_the_document_does_not_allow()
    {
        var number = JsonNode.Parse("""
            {"number":"+442071234500","extension":"4500","status":"AVAILABLE","allocatedTo":null,"assignedTo":null,"coolingOffUntil":null,
             "isMainNumber":false,"rangeName":null,"locked":false,"lockReason":null,"updateInProgress":false,"pendingOperation":null,
             "lastFailure":null,"allowedActions":["allocate"]}
            """)!;
        Assert.True(Doc.Matches("PhoneNumber", number));

        number["status"] = "LOST";
        Assert.False(Doc.Matches("PhoneNumber", number));
        number["status"] = "AVAILABLE";
        number["surprise"] = true;
        Assert.False(Doc.Matches("PhoneNumber", number));
    }

    [Fact]
    public async Task The_number_list_facets_and_export_answer_as_documented()
    {
        await Http.AllocateAsync(Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");
        await Http.AllocateAsync(Site, Api.Number(2), """{"allocateTo":"operator"}""");

        Doc.AssertConforms("GET", NumberPath, await Http.GetAsync(Site, Api.Number(1)));
        Doc.AssertConforms("GET", NumberPath, await Http.GetAsync(Site, Api.Number(2)));
        Doc.AssertConforms("GET", "/sites/{siteId}/phone-numbers", await Http.ListAsync(Site, "?pageSize=2"));
        Doc.AssertConforms("GET", "/sites/{siteId}/phone-numbers/facets", await Http.FacetsAsync(Site));
        Doc.AssertConforms("GET", "/sites/{siteId}/phone-numbers/export", await Http.ExportAsync(Site));
    }

    [Fact]
    public async Task Commands_and_their_refusals_answer_as_documented()
    {
        Doc.AssertConforms("POST", NumberPath + "/allocate", await Http.AllocateAsync(Site, Api.Number(3), """{"allocateTo":"operator"}"""));
        // 409 not-available, 404 number-not-found, 400 invalid-request with field errors, 412 precondition-failed.
        var refused = await Http.AllocateAsync(Site, Api.Number(3), """{"allocateTo":"operator"}""");
        Assert.Equal("not-available", refused.ProblemCode);
        Doc.AssertConforms("POST", NumberPath + "/allocate", refused);
        Doc.AssertConforms("GET", NumberPath, await Http.GetAsync(Site, "+442079999999"));
        Doc.AssertConforms("POST", NumberPath + "/allocate", await Http.AllocateAsync(Site, Api.Number(4), """{"allocateTo":"moon"}"""));
        Doc.AssertConforms("POST", NumberPath + "/deallocate",
            await Http.DeallocateAsync(Site, Api.Number(3), new Dictionary<string, string> { ["If-Match"] = "\"1\"" }));
        Doc.AssertConforms("POST", NumberPath + "/deallocate", await Http.DeallocateAsync(Site, Api.Number(3)));
        Doc.AssertConforms("DELETE", "/platform/sites/{siteId}/phone-numbers/{number}", await App.RemoveAsync(Api.Number(4)));
    }

    [Fact]
    public async Task History_activity_and_the_site_routes_answer_as_documented()
    {
        await Http.AllocateAsync(Site, Api.Number(1), """{"allocateTo":"occupier","occupierId":"acme"}""");
        var sites = new SiteApi(App);

        Doc.AssertConforms("GET", NumberPath + "/history", await App.HistoryAsync(Site, Api.Number(1)));
        Doc.AssertConforms("GET", "/sites/{siteId}/activity", await App.ActivityAsync(Site, "?pageSize=3"));
        Doc.AssertConforms("GET", "/me", await sites.MeAsync(Principals.OperatorOf(Site)));
        Doc.AssertConforms("GET", "/me", await sites.MeAsync(Principals.PlatformAdmin()));
        Doc.AssertConforms("GET", "/sites", await sites.SitesAsync(Principals.PlatformAdmin()));
        Doc.AssertConforms("GET", "/sites/{siteId}", await sites.SiteAsync(Principals.PlatformAdmin(), Site));
        Doc.AssertConforms("GET", "/sites/{siteId}/organizations", await sites.OrganizationsAsync(Principals.PlatformAdmin(), Site));
        Doc.AssertConforms("GET", "/sites/{siteId}/organizations/{organizationId}", await sites.OrganizationAsync(Principals.PlatformAdmin(), Site, "acme"));
        Doc.AssertConforms("GET", "/sites/{siteId}/organizations/{organizationId}", await sites.OrganizationAsync(Principals.PlatformAdmin(), Site, "operator"));
        Doc.AssertConforms("GET", "/sites/{siteId}/organizations/{organizationId}", await sites.OrganizationAsync(Principals.PlatformAdmin(), Site, "nobody"));
        Doc.AssertConforms("GET", "/sites/{siteId}/overview", await sites.OverviewAsync(Principals.PlatformAdmin(), Site));
        Doc.AssertConforms("GET", "/sites/{siteId}/overview", await sites.OverviewAsync(Principals.PlatformAdmin(), "unknown-site"));
        Doc.AssertConforms("GET", "/sites/{siteId}", await sites.SiteAsync(Principals.PlatformAdmin(), "unknown-site"));
        Doc.AssertConforms("GET", "/sites/{siteId}", await sites.SiteAsync(Principals.OperatorOf("elsewhere"), Site));
    }

    [Fact]
    public async Task Administration_answers_as_documented()
    {
        Doc.AssertConforms("POST", "/platform/sites/{siteId}/phone-numbers/import", await Http.ImportAsync(Site,
            "number,extension,rangeName,mainNumber,coolingOffUntil,locked,lockReason\n+442071234599,4599,,false,,false,\nnot-a-number,1,,false,,false,"));
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/occupiers/{occupierId}", await Http.PutOccupierAsync(Site, "zeta", """{"name":"Zeta","voiceServices":1}"""));
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/settings", await Http.PutSettingsAsync(Site, """{"coolingOffDays":30}"""));
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/settings", await Http.PutSettingsAsync(Site, """{"name":"London Bridge","operatorName":"Workspace Co"}"""));
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/settings", await Http.PutSettingsAsync(Site, """{"name":""}"""));
        var notCsv = await Http.ImportAsync(Site, "number\n", "text/plain");
        Assert.Equal(415, notCsv.Status);
        Doc.AssertConforms("POST", "/platform/sites/{siteId}/phone-numbers/import", notCsv);
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/phone-numbers/{number}/lock", await App.LockAsync(Api.Number(0), """{"reason":"Voicemail access"}"""));
        Doc.AssertConforms("PUT", "/platform/sites/{siteId}/phone-numbers/{number}/main-number", await App.NominateMainNumberAsync(Api.Number(0)));
    }
}

/// <summary>The operation routes' answers, on the in-process Durable Task host.</summary>
public sealed class OpenApiOperationTests : SeededActivationTests
{
    [Fact]
    public async Task Activation_the_operation_configuration_and_bulk_answer_as_documented()
    {
        var doc = OpenApiDocument.Load();
        var number = Api.Number(1);
        await Harness.Api.AllocateAsync(Api.Site, number, """{"allocateTo":"occupier","occupierId":"acme"}""");

        var started = await Harness.ActivateAsync(Api.Site, number);
        doc.AssertConforms("POST", "/sites/{siteId}/phone-numbers/{number}/activate", started);
        var operationId = ActivationHarness.OperationIdOf(started);
        await Harness.WaitForOperationAsync(operationId);

        doc.AssertConforms("GET", "/operations/{operationId}", await Harness.GetOperationAsync(operationId));
        doc.AssertConforms("GET", "/operations/{operationId}", await Harness.GetOperationAsync(Guid.NewGuid().ToString()));
        doc.AssertConforms("GET", "/sites/{siteId}/phone-numbers/{number}/configuration", await Harness.GetConfigurationAsync(Api.Site, number));
        doc.AssertConforms("PUT", "/sites/{siteId}/phone-numbers/{number}/pin", await Harness.PutPinAsync(Api.Site, number, """{"pin":"739184"}"""));
        doc.AssertConforms("POST", "/sites/{siteId}/phone-numbers/bulk", await Harness.App.BulkAsync(Harness.Client,
            $$"""{"operations":[{"action":"allocate","number":"{{Api.Number(2)}}","allocateTo":"operator"},{"action":"deallocate","number":"{{Api.Number(3)}}"}]}"""));
    }
}
