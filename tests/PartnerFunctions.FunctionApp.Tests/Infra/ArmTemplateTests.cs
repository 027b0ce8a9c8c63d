using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Infra;

/// <summary>
/// What a first `azd up` needs of the compiled ARM JSON and that the Bicep compiler and linter cannot see: the right
/// roles, nothing Flex Consumption refuses, principal types that fit a pipeline, an always-ready durable group, and
/// an app that starts only once its roles exist.
/// </summary>
public sealed partial class ArmTemplateTests
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";

    /// <summary>
    /// The built-in roles the templates assign, by name (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    /// Blob Data Contributor is listed so that its id under the Owner's name is caught.
    /// </summary>
    private static readonly Dictionary<string, string> BuiltInRoles = new(StringComparer.Ordinal)
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Blob Data Contributor"] = "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
    };

    // The siteConfig properties checked against the Flex Consumption documentation ("Flex Consumption plan
    // deprecations"): ftpsState, alwaysOn, linuxFxVersion, netFrameworkVersion, use32BitWorkerProcess,
    // functionAppScaleLimit, preWarmedInstanceCount and the like are refused there. Add one here only once checked.
    private static readonly string[] FlexSiteConfigProperties = ["minTlsVersion", "cors", "http20Enabled", "ipSecurityRestrictions", "scmIpSecurityRestrictions"];

    // App settings Flex Consumption refuses or replaces by functionAppConfig (same documentation).
    private static readonly string[] FlexRefusedAppSettings =
    [
        "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_MAX_HTTP_CONCURRENCY",
        "FUNCTIONS_WORKER_PROCESS_COUNT", "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTOVERVNET", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_SKIP_CONTENTSHARE_VALIDATION", "WEBSITE_VNET_ROUTE_ALL", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
    ];

    [Fact]
    public async Task RoleAssignments_EveryRoleDefinitionId_IsTheBuiltInRoleNamedBesideIt()
    {
        var template = await CompiledTemplate.GetAsync();
        var checkedRoles = 0;

        foreach (var (module, assignment) in RoleAssignments(template))
        {
            var ids = Resolve(module, RoleDefinitionArgument(assignment));
            var names = Resolve(module, (string?)assignment["properties"]?["description"]
                ?? throw new Xunit.Sdk.XunitException($"A role assignment of {module["metadata"]} has no description naming its role."));
            Assert.Equal(ids.Count, names.Count);
            foreach (var (id, name) in ids.Zip(names))
            {
                Assert.True(BuiltInRoles.TryGetValue(name, out var expected), $"'{name}' is not in the table of built-in roles.");
                Assert.True(expected == id, $"'{name}' is {expected}, the template assigns {id}.");
                checkedRoles++;
            }
        }

        Assert.True(checkedRoles >= 9, $"Only {checkedRoles} role assignments found.");
    }

    [Fact]
    public async Task StorageRoles_TheAppIdentity_IsBlobDataOwnerWithQueueAndTableContributor()
    {
        var template = await CompiledTemplate.GetAsync();
        var module = CompiledTemplate.Module(template, "storage-roles");
        var appRoles = CompiledTemplate.OfType(module, RoleAssignment)
            .Where(r => (string?)r["properties"]?["principalId"] == "[parameters('appPrincipalId')]")
            .SelectMany(r => Resolve(module, (string)r["properties"]!["description"]!));

        Assert.Equal(["Storage Blob Data Owner", "Storage Queue Data Contributor", "Storage Table Data Contributor"], appRoles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RoleAssignments_PrincipalType_IsServicePrincipalForTheAppIdentityAndAParameterForTheDeployer()
    {
        var template = await CompiledTemplate.GetAsync();

        foreach (var (module, assignment) in RoleAssignments(template))
        {
            var properties = assignment["properties"]!;
            var principalId = (string)properties["principalId"]!;
            var principalType = (string?)properties["principalType"];
            if (principalId is "[parameters('appPrincipalId')]" or "[parameters('identityPrincipalId')]")
            {
                Assert.Equal("ServicePrincipal", principalType);
            }
            else
            {
                Assert.True(principalType is not null && ParameterReference().IsMatch(principalType), $"principalType of {principalId} is '{principalType}', not a parameter.");
            }
        }

        foreach (var deployment in new[] { "storage-roles", "keyvault" })
        {
            Assert.Equal("[parameters('principalType')]", (string?)CompiledTemplate.Deployment(template, deployment)["properties"]!["parameters"]!["userPrincipalType"]!["value"]);
        }

        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json")));
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", parameters.RootElement.GetProperty("parameters").GetProperty("principalType").GetProperty("value").GetString());
    }

    [Fact]
    public async Task FunctionApp_Site_UsesOnlyPropertiesFlexConsumptionAccepts()
    {
        var site = Site(await CompiledTemplate.GetAsync());
        var siteConfig = site["properties"]!["siteConfig"]!.AsObject();

        Assert.Empty(siteConfig.Select(p => p.Key).Except(FlexSiteConfigProperties));
        Assert.Equal("FlexConsumption", (string?)Plan(await CompiledTemplate.GetAsync())["sku"]!["tier"]);
        var settings = AppSettingsExpression(await CompiledTemplate.GetAsync());
        Assert.All(FlexRefusedAppSettings, name => Assert.DoesNotContain($"'{name}'", settings, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FunctionApp_DurableGroup_HasAnAlwaysReadyInstance()
    {
        var template = await CompiledTemplate.GetAsync();
        var functions = CompiledTemplate.Module(template, "functions");
        var alwaysReady = Site(template)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

        var durable = alwaysReady.Single(g => (string?)g!["name"] == "durable")!;
        var count = (string)durable["instanceCount"]!;
        var instances = ParameterReference().Match(count) is { Success: true } m
            ? (int)CompiledTemplate.ParameterDefault(functions, m.Groups[1].Value)!
            : int.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(instances >= 1, $"durable always-ready instances: {instances}");
    }

    [Fact]
    public async Task FunctionApp_Deployment_DependsOnItsRoleAssignmentsAndKeyVault()
    {
        var template = await CompiledTemplate.GetAsync();
        var dependsOn = CompiledTemplate.Deployment(template, "functions")["dependsOn"]!.AsArray().Select(d => (string)d!).ToArray();

        Assert.Contains(dependsOn, d => d.Contains("'Microsoft.Resources/deployments', 'storage-roles')", StringComparison.Ordinal));
        Assert.Contains(dependsOn, d => d.Contains("'Microsoft.Resources/deployments', 'keyvault')", StringComparison.Ordinal));
        var siteDependsOn = Site(template)["dependsOn"]!.AsArray().Select(d => (string)d!);
        var telemetryRole = CompiledTemplate.Module(template, "functions")["resources"]!.AsObject()
            .Single(p => (string?)p.Value!["type"] == RoleAssignment).Key;
        Assert.Contains(telemetryRole, siteDependsOn);
    }

    [Fact]
    public async Task FunctionApp_Authentication_SignsInWithEntraIdAndLetsKeysAndApprovalLinksThrough()
    {
        var template = await CompiledTemplate.GetAsync();
        var functions = CompiledTemplate.Module(template, "functions");
        var auth = CompiledTemplate.Resources(functions).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("authsettingsV2", StringComparison.Ordinal));
        var properties = auth["properties"]!;

        Assert.Equal("[variables('authEnabled')]", (string?)auth["condition"]);
        Assert.Equal("[not(empty(parameters('authClientId')))]", (string?)functions["variables"]!["authEnabled"]);
        Assert.False((bool)properties["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("AllowAnonymous", (string?)properties["globalValidation"]!["unauthenticatedClientAction"]);
        var aad = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)aad["enabled"]!);
        Assert.Equal("[parameters('authClientId')]", (string?)aad["registration"]!["clientId"]);
        Assert.Contains("parameters('authTenantId')", (string)aad["registration"]!["openIdIssuer"]!, StringComparison.Ordinal);

        // The app trusts X-MS-CLIENT-PRINCIPAL exactly when authentication is on, and reads the staff role.
        var settings = AppSettingsExpression(template);
        Assert.Contains("'Access__TrustAppServicePrincipal', if(variables('authEnabled'), 'true', 'false')", settings, StringComparison.Ordinal);
        Assert.Contains("'Access__StaffRole', parameters('staffRole')", settings, StringComparison.Ordinal);
        Assert.Equal("PartnerProgram.Staff", (string?)CompiledTemplate.ParameterDefault(functions, "staffRole"));
        var main = CompiledTemplate.Deployment(template, "functions")["properties"]!["parameters"]!;
        Assert.Equal("[parameters('authClientId')]", (string?)main["authClientId"]!["value"]);
    }

    [Fact]
    public async Task Location_IsLimitedToFlexConsumptionRegions()
    {
        var allowed = (await CompiledTemplate.GetAsync())["parameters"]!["location"]!["allowedValues"]!.AsArray().Select(v => (string)v!).ToArray();

        Assert.Contains("francecentral", allowed);
        Assert.Contains("westeurope", allowed);
        Assert.DoesNotContain("eastus2euap", allowed);
    }

    [Fact]
    public void HostJson_DurableQueuePolling_WaitsAtMostOneSecond()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "PartnerFunctions.FunctionApp", "host.json")))!;
        var interval = TimeSpan.Parse((string)host["extensions"]!["durableTask"]!["storageProvider"]!["maxQueuePollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(interval <= TimeSpan.FromSeconds(1), $"maxQueuePollingInterval {interval}: an approval would wait that long to move on.");
    }

    [Fact]
    public void HostJson_RoutePrefix_IsEmptySoPagesAreServedFromTheSiteRoot()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "PartnerFunctions.FunctionApp", "host.json")))!;

        // The API's "api/" is part of each API route (ApiRoute.Path); a prefix here would move every page under it.
        Assert.Equal(string.Empty, (string?)host["extensions"]!["http"]!["routePrefix"]);
    }

    private static IEnumerable<(JsonObject Module, JsonObject Assignment)> RoleAssignments(JsonObject template) =>
        CompiledTemplate.OfType(template, "Microsoft.Resources/deployments")
            .Select(d => d["properties"]!["template"]!.AsObject())
            .SelectMany(module => CompiledTemplate.OfType(module, RoleAssignment).Select(a => (module, a)));

    private static JsonObject Site(JsonObject template) =>
        CompiledTemplate.OfType(CompiledTemplate.Module(template, "functions"), "Microsoft.Web/sites").Single();

    private static JsonObject Plan(JsonObject template) =>
        CompiledTemplate.OfType(CompiledTemplate.Module(template, "functions"), "Microsoft.Web/serverfarms").Single();

    private static string AppSettingsExpression(JsonObject template) =>
        (string)CompiledTemplate.Resources(CompiledTemplate.Module(template, "functions"))
            .Single(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("appsettings", StringComparison.Ordinal))["properties"]!;

    private static string RoleDefinitionArgument(JsonObject assignment)
    {
        var value = (string)assignment["properties"]!["roleDefinitionId"]!;
        var match = RoleDefinitionId().Match(value);
        Assert.True(match.Success, "roleDefinitionId is not subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ...): " + value);
        return "[" + match.Groups[1].Value + "]";
    }

    /// <summary>
    /// The values of a template string that is a literal, a variable, or a property of the elements of a variable
    /// list in a copy loop (one value per element).
    /// </summary>
    private static List<string> Resolve(JsonObject module, string value)
    {
        if (!value.StartsWith('['))
        {
            return [value];
        }

        var expression = value[1..^1];
        if (Literal().Match(expression) is { Success: true } literal)
        {
            return [literal.Groups[1].Value];
        }

        if (LoopVariable().Match(expression) is { Success: true } loop)
        {
            return module["variables"]![loop.Groups[1].Value]!.AsArray().Select(e => (string)e![loop.Groups[2].Value]!).ToList();
        }

        if (Variable().Match(expression) is { Success: true } variable)
        {
            return [(string)module["variables"]![variable.Groups[1].Value]!];
        }

        throw new Xunit.Sdk.XunitException("Cannot resolve " + value);
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (.+)\)\]$")]
    private static partial Regex RoleDefinitionId();

    [GeneratedRegex(@"^'([^']*)'$")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^variables\('(\w+)'\)$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^variables\('(\w+)'\)\[copyIndex\(\)\]\.(\w+)$")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterReference();
}
