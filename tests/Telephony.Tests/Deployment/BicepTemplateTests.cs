using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Telephony.Tests.Deployment;

/// <summary>
/// Validates infra/deploy/main.bicep with the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64
/// NuGet package: it must compile and lint cleanly, and the compiled ARM JSON must keep the
/// deployment keyless (identity-based settings, least-privilege roles).
/// </summary>
public sealed class BicepTemplateTests : IClassFixture<BicepTemplateTests.CompiledTemplate>
{
    private const string RoleDefinitions = "Microsoft.Authorization/roleDefinitions";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private readonly CompiledTemplate _template;

    public BicepTemplateTests(CompiledTemplate template) => _template = template;

    [Fact]
    public void Bicep_cli_from_the_NuGet_package_is_executable()
    {
        var result = Bicep.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Bicep CLI version", result.StdOut);
    }

    [Fact]
    public void Main_template_builds_without_errors_or_linter_warnings()
    {
        var build = _template.Build;
        var lint = Bicep.Run("lint", Paths.MainBicep);

        Assert.True(build.ExitCode == 0, $"bicep build failed:\n{build.StdErr}");
        Assert.True(lint.ExitCode == 0, $"bicep lint failed:\n{lint.StdErr}{lint.StdOut}");

        var problems = Diagnostics.Parse(build.StdErr)
            .Concat(Diagnostics.Parse(lint.StdErr))
            .Concat(Diagnostics.Parse(lint.StdOut))
            .Where(d => d.Level is "Error" or "Warning")
            .Select(d => d.Line)
            .Distinct()
            .ToList();
        Assert.True(problems.Count == 0, "Bicep reported:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Every_linter_suppression_in_the_bicep_files_states_why()
    {
        var unjustified = Directory.EnumerateFiles(Paths.DeployFolder, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((text, i) => (file, number: i + 1, text)))
            .Where(l => Regex.IsMatch(l.text, @"#disable-(next-line|diagnostics)\b"))
            .Where(l => !Regex.IsMatch(l.text, @"#disable-(next-line|diagnostics)\s+[\w-]+(\s+[\w-]+)*\s*//\s*\S.{9,}"))
            .Select(l => $"{Path.GetRelativePath(Paths.RepoRoot, l.file)}:{l.number}: {l.text.Trim()}")
            .ToList();

        Assert.True(unjustified.Count == 0,
            "Suppress a linter rule only as `#disable-next-line rule // why`:\n" + string.Join('\n', unjustified));
    }

    [Fact]
    public void Bicepconfig_switches_off_no_rule_except_the_justified_ones()
    {
        // rule -> why it may be below "warning"
        var justified = new Dictionary<string, string>
        {
            ["use-recent-api-versions"] = "depends on today's date, not on the template",
            ["use-recent-module-versions"] = "no registry modules are used",
        };
        var config = JsonNode.Parse(
            File.ReadAllText(Path.Combine(Paths.DeployFolder, "bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var rules = config["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.True(config["analyzers"]!["core"]!["enabled"]?.GetValue<bool>() ?? true);
        var weakened = rules
            .Where(r => r.Value!["level"]!.GetValue<string>() is "off" or "info" or "none")
            .Select(r => r.Key)
            .Where(rule => !justified.ContainsKey(rule))
            .ToList();
        Assert.True(weakened.Count == 0, "Rules lowered below warning without a reason: " + string.Join(", ", weakened));
    }

    [Fact]
    public void App_settings_contain_no_keys_or_connection_strings_except_the_application_insights_one()
    {
        var settings = _template.AppSettings();
        string[] forbidden =
        [
            "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "DefaultEndpointsProtocol=",
            "Endpoint=sb://", "listKeys(", "listConnectionStrings(", "listAccountSas(", "InstrumentationKey=",
        ];

        foreach (var (name, value) in settings)
        {
            foreach (var marker in forbidden)
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{name} contains {marker}: {value}");
            if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
                Assert.DoesNotContain("connectionstring", name.Replace("_", "").ToLowerInvariant());
        }

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys); // the plain name is a connection string
        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Contains("Microsoft.Insights/components", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void Compiled_template_never_reads_keys_or_connection_strings_of_any_resource()
    {
        var json = _template.Json.ToJsonString();

        Assert.DoesNotContain("listKeys(", json);
        Assert.DoesNotContain("listConnectionStrings(", json);
        Assert.DoesNotContain("listAccountSas(", json);
        Assert.DoesNotContain("listServiceSas(", json);
    }

    [Fact]
    public void App_settings_use_the_managed_identity_for_storage_tables_and_service_bus()
    {
        var settings = _template.AppSettings();
        var apiParameters = _template.Deployment("api")["properties"]!["parameters"]!;

        foreach (var prefix in new[] { "AzureWebJobsStorage", "TelephonyStorage", "ServiceBus" })
        {
            Assert.Equal("managedidentity", settings[$"{prefix}__credential"]);
            Assert.Equal("[parameters('identityClientId')]", settings[$"{prefix}__clientId"]);
        }
        Assert.Contains("outputs.clientId", apiParameters["identityClientId"]!["value"]!.GetValue<string>());

        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Contains("primaryEndpoints.table", settings["TelephonyStorage__tableServiceUri"]);
        Assert.Contains(".servicebus.windows.net", _template.Deployment("serviceBus")["properties"]!["template"]!["outputs"]!["fullyQualifiedNamespace"]!["value"]!.GetValue<string>());
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void App_settings_carry_the_application_options_the_app_reads()
    {
        var settings = _template.AppSettings();

        Assert.Equal("telephony", settings["TelephonyTaskHub"]);
        Assert.Equal("0 */15 * * * *", settings["CoolingOffReleaseSchedule"]);
        Assert.Equal("[parameters('eventsTopicName')]", settings["Telephony__EventsTopic"]);
        Assert.Equal("[parameters('defaultRegion')]", settings["Telephony__DefaultRegion"]);
        Assert.Equal("[string(parameters('defaultCoolingOffDays'))]", settings["Telephony__DefaultCoolingOffDays"]);
        Assert.Equal("[parameters('voicePlatformBaseUrl')]", settings["VoicePlatform__BaseUrl"]);
        Assert.Equal("[parameters('voicemailDefaultPin')]", settings["VoicePlatform__DefaultPin"]);
        Assert.Equal("0 */5 * * * *", settings["PendingWatchdogSchedule"]);

        var parameters = _template.Json["parameters"]!;
        Assert.Equal("GB", parameters["defaultRegion"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(90, parameters["defaultCoolingOffDays"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal("", parameters["voicePlatformBaseUrl"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("phone-number-events", _template.Json["variables"]!["eventsTopicName"]!.GetValue<string>());
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption_with_identity_based_deployment_storage()
    {
        var api = _template.Deployment("api")["properties"]!["template"]!;
        var plan = Single(api, "Microsoft.Web/serverfarms");
        var site = Single(api, "Microsoft.Web/sites");

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());

        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        var deploymentStorage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", deploymentStorage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", deploymentStorage["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", deploymentStorage["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>());

        var storage = Single(_template.Deployment("storage")["properties"]!["template"]!, "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", storage["properties"]!["publicAccess"]!.GetValue<string>());
        Assert.Contains("azd-service-name", site["tags"]!.ToJsonString());
        Assert.Contains("'api'", site["tags"]!.GetValue<string>());
    }

    [Fact]
    public void Storage_account_allows_neither_shared_keys_nor_public_blobs_and_requires_tls_1_2()
    {
        var account = Single(_template.Deployment("storage")["properties"]!["template"]!, "Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void Events_topic_has_duplicate_detection_over_ten_minutes_and_an_audit_subscription_with_sessions()
    {
        var serviceBus = _template.Deployment("serviceBus");
        var template = serviceBus["properties"]!["template"]!;
        var ns = Single(template, "Microsoft.ServiceBus/namespaces");
        var topic = Single(template, "Microsoft.ServiceBus/namespaces/topics");
        var subscription = Single(template, "Microsoft.ServiceBus/namespaces/topics/subscriptions");

        Assert.Equal("Standard", ns["sku"]!["name"]!.GetValue<string>());
        Assert.True(ns["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("[variables('eventsTopicName')]", serviceBus["properties"]!["parameters"]!["topicName"]!["value"]!.GetValue<string>());
        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Equal("PT10M", topic["properties"]!["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
        Assert.Contains("'audit'", subscription["name"]!.GetValue<string>());
        Assert.True(subscription["properties"]!["requiresSession"]!.GetValue<bool>());
    }

    [Fact]
    public void Application_insights_accepts_only_entra_id_authenticated_telemetry()
    {
        var component = Single(_template.Deployment("monitoring")["properties"]!["template"]!, "Microsoft.Insights/components");

        Assert.True(component["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.NotNull(component["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public void Managed_identity_gets_exactly_the_least_privilege_roles_each_on_its_own_resource()
    {
        var rbac = _template.Deployment("rbac");
        var template = rbac["properties"]!["template"]!.AsObject();
        var assignments = Resources(template)
            .Where(r => r["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments")
            .SelectMany(r => Arm.ExpandCopies(r, template))
            .Select(a => (
                role: Arm.RoleDefinitionGuid(a.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>(), template, a.CopyIndex),
                scope: a.Resource["scope"]!.GetValue<string>(),
                principal: a.Resource["properties"]!["principalId"]!.GetValue<string>(),
                principalType: a.Resource["properties"]!["principalType"]!.GetValue<string>()))
            .ToList();

        var expected = new Dictionary<string, string>
        {
            [StorageBlobDataOwner] = "'Microsoft.Storage/storageAccounts'",
            [StorageQueueDataContributor] = "'Microsoft.Storage/storageAccounts'",
            [StorageTableDataContributor] = "'Microsoft.Storage/storageAccounts'",
            [ServiceBusDataSender] = "'Microsoft.ServiceBus/namespaces/topics'",
            [MonitoringMetricsPublisher] = "'Microsoft.Insights/components'",
        };
        Assert.Equal(expected.Keys.Order(), assignments.Select(a => a.role).Order());
        foreach (var (role, scope, principal, principalType) in assignments)
        {
            Assert.StartsWith($"[resourceId({expected[role]}", scope);
            Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')", principal);
            Assert.EndsWith(".principalId]", principal);
            Assert.Equal("ServicePrincipal", principalType);
        }

        // ...and the identity receiving the roles is the one the app runs as.
        var identityName = _template.Deployment("identity")["properties"]!["parameters"]!["name"]!["value"]!.ToJsonString();
        Assert.Equal(identityName, rbac["properties"]!["parameters"]!["identityName"]!["value"]!.ToJsonString());
        Assert.Contains("outputs.id.value", _template.Deployment("api")["properties"]!["parameters"]!["identityId"]!["value"]!.GetValue<string>());
        Assert.Contains("'identity'", _template.Deployment("api")["properties"]!["parameters"]!["identityId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Template_outputs_what_azd_needs_and_the_parameters_file_matches_the_template()
    {
        var outputs = _template.Json["outputs"]!.AsObject();
        foreach (var name in new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "SERVICE_API_NAME", "APPLICATIONINSIGHTS_CONNECTION_STRING" })
            Assert.True(outputs.ContainsKey(name), $"missing output {name}");

        var templateParameters = _template.Json["parameters"]!.AsObject();
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.DeployFolder, "main.parameters.json")))!["parameters"]!.AsObject();
        foreach (var (name, _) in parametersFile)
            Assert.True(templateParameters.ContainsKey(name), $"main.parameters.json sets unknown parameter {name}");
        foreach (var (name, definition) in templateParameters)
            if (definition!["defaultValue"] is null)
                Assert.True(parametersFile.ContainsKey(name), $"required parameter {name} is not in main.parameters.json");
        Assert.Equal("${AZURE_ENV_NAME}", parametersFile["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", parametersFile["location"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service_with_infra_from_infra_deploy()
    {
        var yaml = AzureYamlLines();

        Assert.Contains("  path: infra/deploy", yaml);
        Assert.Contains("  api:", yaml);
        Assert.Contains("    project: ./functions", yaml);
        Assert.Contains("    language: dotnet", yaml);
        Assert.Contains("    host: function", yaml);
        Assert.True(File.Exists(Path.Combine(Paths.RepoRoot, "functions", "Telephony.Functions.csproj")));
    }

    [Fact]
    public void The_page_is_a_standard_static_web_app_with_the_function_app_linked_as_its_api_backend()
    {
        var web = _template.Deployment("web");
        var template = web["properties"]!["template"]!;
        var site = Single(template, "Microsoft.Web/staticSites");
        var backend = Single(template, "Microsoft.Web/staticSites/linkedBackends");
        var parameters = web["properties"]!["parameters"]!;

        // Linked backends exist only on the Standard plan, and only in the production environment.
        Assert.Equal("Standard", site["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("Standard", site["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("Disabled", site["properties"]!["stagingEnvironmentPolicy"]!.GetValue<string>());
        Assert.Contains("'azd-service-name', 'web'", site["tags"]!.GetValue<string>());
        Assert.Equal("[parameters('staticWebAppLocation')]", parameters["location"]!["value"]!.GetValue<string>());

        Assert.Equal("[resourceId('Microsoft.Web/sites', parameters('functionAppName'))]", backend["properties"]!["backendResourceId"]!.GetValue<string>());
        Assert.Equal("[parameters('functionAppLocation')]", backend["properties"]!["region"]!.GetValue<string>());
        // ...and the app linked is the one the api module creates, in its region.
        var functionAppName = parameters["functionAppName"]!["value"]!.GetValue<string>();
        Assert.Equal(_template.Deployment("api")["properties"]!["parameters"]!["name"]!["value"]!.GetValue<string>(), functionAppName);
        Assert.Equal("[parameters('location')]", parameters["functionAppLocation"]!["value"]!.GetValue<string>());
        Assert.Contains("'Microsoft.Resources/deployments', 'api')", string.Join(',', web["dependsOn"]!.AsArray()));
    }

    [Fact]
    public void The_function_app_admits_only_the_static_web_app_and_answers_401_to_anything_else()
    {
        var template = _template.Deployment("web")["properties"]!["template"]!;
        var auth = Single(template, "Microsoft.Web/sites/config");
        var properties = auth["properties"]!;

        Assert.Equal("[format('{0}/{1}', parameters('functionAppName'), 'authsettingsV2')]", auth["name"]!.GetValue<string>());
        Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("Return401", properties["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        Assert.Null(properties["globalValidation"]!["excludedPaths"]);
        Assert.True(properties["httpSettings"]!["requireHttps"]!.GetValue<bool>());

        // The only identity provider is the linked Static Web App, named by its default host name.
        var providers = properties["identityProviders"]!.AsObject();
        Assert.Equal(["azureStaticWebApps"], providers.Select(p => p.Key));
        var staticWebApps = providers["azureStaticWebApps"]!;
        Assert.True(staticWebApps["enabled"]!.GetValue<bool>());
        Assert.Equal("[reference(resourceId('Microsoft.Web/staticSites', parameters('name')), '2025-03-01').defaultHostname]",
            staticWebApps["registration"]!["clientId"]!.GetValue<string>());
        // Applied after the link, which configures the same provider on Azure.
        Assert.Contains("[resourceId('Microsoft.Web/staticSites/linkedBackends', parameters('name'), 'api')]", auth["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void The_function_app_believes_a_principal_only_behind_app_service_authentication()
    {
        var settings = _template.AppSettings();

        Assert.Equal("true", settings["Security__RequireAppServiceAuthentication"]);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Security__DevelopmentPrincipal", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(settings.Keys, k => k.Equals("WEBSITE_AUTH_ENABLED", StringComparison.OrdinalIgnoreCase)); // the platform's to set
    }

    [Fact]
    public void Sign_in_uses_the_entra_registration_whose_settings_the_static_web_app_holds_and_the_roles_source_the_api_serves()
    {
        const string tenant = "3856f5f5-4bae-464a-9044-b72dc2dcde26";
        var template = _template.Deployment("web")["properties"]!["template"]!;
        var settings = Single(template, "Microsoft.Web/staticSites/config");
        var repositoryConfig = Path.Combine(Paths.RepoRoot, "web", "wwwroot", "staticwebapp.config.json");
        var published = Path.Combine(Path.GetTempPath(), $"staticwebapp.config.{Guid.NewGuid():N}.json");
        File.Copy(repositoryConfig, published);
        try
        {
            // `auth` is added to the published config at deployment; the repository's has none (with one, the Static Web
            // Apps CLI stops emulating sign-in locally).
            Assert.Null(JsonNode.Parse(File.ReadAllText(repositoryConfig))!["auth"]);
            Assert.Equal(0, Hook("add-entra-sign-in.sh", published, tenant).ExitCode);
            var auth = JsonNode.Parse(File.ReadAllText(published))!["auth"]!;
            var registration = auth["identityProviders"]!["azureActiveDirectory"]!["registration"]!;

            Assert.Equal($"https://login.microsoftonline.com/{tenant}/v2.0", registration["openIdIssuer"]!.GetValue<string>());
            Assert.Equal("[format('{0}/{1}', parameters('name'), 'appsettings')]", settings["name"]!.GetValue<string>());
            var names = settings["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
            Assert.Equal([registration["clientIdSettingName"]!.GetValue<string>(), registration["clientSecretSettingName"]!.GetValue<string>()], names);
            Assert.Equal("[parameters('entraClientId')]", settings["properties"]!["ENTRA_CLIENT_ID"]!.GetValue<string>());
            Assert.Equal("[parameters('entraClientSecret')]", settings["properties"]!["ENTRA_CLIENT_SECRET"]!.GetValue<string>());
            Assert.Equal("securestring", template["parameters"]!["entraClientSecret"]!["type"]!.GetValue<string>().ToLowerInvariant());
            Assert.Equal("securestring", _template.Json["parameters"]!["entraClientSecret"]!["type"]!.GetValue<string>().ToLowerInvariant());
            // The role source is the API's sign-in route.
            Assert.Equal("/api/" + Functions.Security.AccessPolicy.SignInRolesRoute, auth["rolesSource"]!.GetValue<string>());
            Assert.Contains(Functions.Security.FunctionRoutes.All, r => r.Route == Functions.Security.AccessPolicy.SignInRolesRoute && r.Methods.SequenceEqual(["POST"]));
            // Once only, and never with a tenant that is not a GUID (it goes into the issuer's URL).
            Assert.NotEqual(0, Hook("add-entra-sign-in.sh", published, tenant).ExitCode);
            File.Copy(repositoryConfig, published, overwrite: true);
            Assert.NotEqual(0, Hook("add-entra-sign-in.sh", published, "x|y").ExitCode);
            Assert.NotEqual(0, Hook("add-entra-sign-in.sh", published, "").ExitCode);
            Assert.Equal(File.ReadAllText(repositoryConfig), File.ReadAllText(published));
        }
        finally
        {
            File.Delete(published);
        }
    }

    private static BicepResult Hook(string script, string argument, string tenant)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Paths.DeployFolder, "hooks", script));
        start.ArgumentList.Add(argument);
        start.Environment["AZURE_TENANT_ID"] = tenant;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{script} did not finish");
        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_static_web_app_region_is_one_that_offers_static_web_apps()
    {
        var parameter = _template.Json["parameters"]!["staticWebAppLocation"]!;

        Assert.Equal(["centralus", "eastasia", "eastus2", "westeurope", "westus2"], parameter["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.Contains(parameter["defaultValue"]!.GetValue<string>(), parameter["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void Azure_yaml_deploys_the_published_page_to_the_static_web_app_as_the_web_service()
    {
        var yaml = AzureYamlLines();
        var outputs = _template.Json["outputs"]!.AsObject();

        Assert.Contains("  web:", yaml);
        Assert.Contains("    project: ./web", yaml);
        Assert.Contains("    host: staticwebapp", yaml);
        Assert.True(File.Exists(Path.Combine(Paths.RepoRoot, "web", "Telephony.Web.csproj")));
        // The hook (after provisioning, when the tenant is known) publishes into the folder whose wwwroot/ is `dist`:
        // the files Static Web Apps serves, with staticwebapp.config.json at their root.
        var dist = Assert.Single(yaml, l => l.StartsWith("    dist: ", StringComparison.Ordinal))["    dist: ".Length..];
        Assert.Contains("      predeploy:", yaml);
        Assert.Contains("        run: sh ../infra/deploy/hooks/publish-web.sh", yaml);
        var script = File.ReadAllLines(Path.Combine(Paths.DeployFolder, "hooks", "publish-web.sh"));
        var publish = Assert.Single(script, l => l.StartsWith("dotnet publish Telephony.Web.csproj", StringComparison.Ordinal));
        var output = Regex.Match(publish, @"-c Release -o (?<folder>\S+)$").Groups["folder"].Value;
        Assert.Equal($"{output}/wwwroot", dist);
        Assert.Contains($"sh ../infra/deploy/hooks/add-entra-sign-in.sh {dist}/staticwebapp.config.json", script);
        Assert.True(File.Exists(Path.Combine(Paths.RepoRoot, "web", "wwwroot", "staticwebapp.config.json")));
        Assert.True(outputs.ContainsKey("SERVICE_WEB_NAME") && outputs.ContainsKey("SERVICE_WEB_URI"));
    }

    /// <summary>azure.yaml's lines without comments, blank lines or trailing spaces.</summary>
    private static List<string> AzureYamlLines() =>
        File.ReadAllLines(Path.Combine(Paths.RepoRoot, "azure.yaml"))
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToList();

    private static IEnumerable<JsonNode> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.Select(r => r!),
        JsonObject symbolic => symbolic.Select(p => p.Value!), // languageVersion 2.0 templates
        _ => [],
    };

    private static JsonNode Single(JsonNode template, string type) =>
        Assert.Single(Resources(template), r => r["type"]!.GetValue<string>() == type);

    /// <summary>Compiles main.bicep once for the whole class.</summary>
    public sealed class CompiledTemplate
    {
        public CompiledTemplate()
        {
            Build = Bicep.Run("build", Paths.MainBicep, "--stdout");
            _json = Build.ExitCode == 0 && Build.StdOut.TrimStart().StartsWith('{')
                ? JsonNode.Parse(Build.StdOut)!.AsObject()
                : null;
        }

        private readonly JsonObject? _json;

        public BicepResult Build { get; }

        /// <summary>The compiled ARM template (fails the calling test if main.bicep does not compile).</summary>
        public JsonObject Json => _json ?? throw new InvalidOperationException($"bicep build failed:\n{Build.StdErr}");

        public JsonNode Deployment(string name) => Assert.Single(Resources(Json), r =>
            r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]?.GetValue<string>() == name);

        /// <summary>Every app setting of the function app, from sites/config 'appsettings' and siteConfig.appSettings.</summary>
        public Dictionary<string, string> AppSettings()
        {
            var template = Deployment("api")["properties"]!["template"]!;
            var settings = new Dictionary<string, string>();
            foreach (var config in Resources(template).Where(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites/config"
                                                                  && r["name"]!.GetValue<string>().Contains("appsettings")))
                foreach (var (name, value) in config["properties"]!.AsObject())
                    settings.Add(name, value!.ToString());
            foreach (var site in Resources(template).Where(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites"))
                foreach (var setting in site["properties"]?["siteConfig"]?["appSettings"]?.AsArray() ?? new JsonArray())
                    settings.Add(setting!["name"]!.GetValue<string>(), setting["value"]!.ToString());
            Assert.NotEmpty(settings);
            return settings;
        }
    }

    /// <summary>Just enough of the ARM expression language to read the compiled role assignments.</summary>
    private static class Arm
    {
        public static IEnumerable<(JsonNode Resource, int? CopyIndex)> ExpandCopies(JsonNode resource, JsonObject template)
        {
            if (resource["copy"] is not { } copy)
                return [(resource, null)];
            var count = Evaluate(copy["count"]!, template, null);
            return Enumerable.Range(0, count.GetValue<int>()).Select(i => (resource, (int?)i));
        }

        public static string RoleDefinitionGuid(string expression, JsonObject template, int? copyIndex)
        {
            var match = Regex.Match(expression, $@"^\[subscriptionResourceId\('{RoleDefinitions}', (?<id>.+)\)\]$");
            Assert.True(match.Success, $"roleDefinitionId is not a built-in role reference: {expression}");
            return Evaluate(JsonValue.Create($"[{match.Groups["id"].Value}]")!, template, copyIndex).GetValue<string>();
        }

        private static JsonNode Evaluate(JsonNode node, JsonObject template, int? copyIndex)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || !text.StartsWith('[') || text.StartsWith("[["))
                return node;
            var expression = text[1..^1];

            if (Regex.Match(expression, @"^'(?<literal>[^']*)'$") is { Success: true } literal)
                return JsonValue.Create(literal.Groups["literal"].Value)!;
            if (Regex.Match(expression, @"^length\((?<inner>.+)\)$") is { Success: true } length)
                return JsonValue.Create(Evaluate(JsonValue.Create($"[{length.Groups["inner"].Value}]")!, template, copyIndex).AsArray().Count);

            var access = Regex.Match(expression, @"^variables\('(?<name>\w+)'\)(?<path>(\.\w+|\[copyIndex\(\)\]|\[\d+\])*)$");
            Assert.True(access.Success, $"unsupported ARM expression in test evaluator: {text}");
            var current = Evaluate(template["variables"]![access.Groups["name"].Value]!, template, copyIndex);
            foreach (Match step in Regex.Matches(access.Groups["path"].Value, @"\.(?<prop>\w+)|\[(?<index>copyIndex\(\)|\d+)\]"))
            {
                current = step.Groups["prop"].Success
                    ? current[step.Groups["prop"].Value]!
                    : current.AsArray()[step.Groups["index"].Value == "copyIndex()" ? copyIndex!.Value : int.Parse(step.Groups["index"].Value)]!;
                current = Evaluate(current, template, copyIndex);
            }
            return current;
        }
    }

    private sealed record Diagnostic(string Level, string Line);

    private static class Diagnostics
    {
        // e.g. /repo/infra/deploy/main.bicep(12,5) : Warning no-unused-params: Parameter "x" is declared but never used.
        private static readonly Regex Pattern = new(@"^.+\(\d+,\d+\) : (?<level>Error|Warning|Info)\b", RegexOptions.Multiline);

        public static IEnumerable<Diagnostic> Parse(string output) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => (line, match: Pattern.Match(line)))
                .Where(x => x.match.Success)
                .Select(x => new Diagnostic(x.match.Groups["level"].Value, x.line));
    }

    public sealed record BicepResult(int ExitCode, string StdOut, string StdErr);

    private static class Bicep
    {
        private static readonly Lazy<string> Executable = new(Locate);

        public static BicepResult Run(params string[] arguments)
        {
            var start = new ProcessStartInfo(Executable.Value)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Paths.RepoRoot,
            };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes");
            }
            return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
        }

        private static string Locate()
        {
            var packagePath = typeof(BicepTemplateTests).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepPackagePath")?.Value;
            Assert.False(string.IsNullOrEmpty(packagePath),
                "BicepPackagePath assembly metadata is missing: is Azure.Bicep.CommandLine.linux-x64 referenced with GeneratePathProperty?");
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
                throw new PlatformNotSupportedException(
                    $"The Bicep CLI package referenced is linux-x64; this machine is {RuntimeInformation.RuntimeIdentifier}.");

            var executable = Path.Combine(packagePath!, "tools", "bicep");
            Assert.True(File.Exists(executable), $"bicep executable not found at {executable}");

            var mode = File.GetUnixFileMode(executable);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
                File.SetUnixFileMode(executable, mode | execute); // NuGet extraction does not always keep the x bit
            return executable;
        }
    }

    private static class Paths
    {
        public static readonly string RepoRoot = FindRepoRoot();
        public static readonly string DeployFolder = Path.Combine(RepoRoot, "infra", "deploy");
        public static readonly string MainBicep = Path.Combine(DeployFolder, "main.bicep");

        private static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
                    return dir.FullName;
            throw new InvalidOperationException($"Telephony.sln not found above {AppContext.BaseDirectory}");
        }
    }
}
