using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>What the app checks and wires at start-up for Azure: secrets really resolved, telemetry with its identity.</summary>
public sealed class StartupChecksTests
{
    [Theory]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-partners;SecretName=SendGridApiKey)")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-partners.vault.azure.net/secrets/SendGridApiKey/)")]
    public void SendGridKey_UnresolvedKeyVaultReference_FailsAtStartUpNamingTheSetting(string reference)
    {
        var settings = AppComposition.SampleSettings();
        settings["SendGrid__ApiKey"] = reference;
        using var provider = AppComposition.Build(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SendGrid__ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendGridKey_ResolvedSecret_Starts()
    {
        var settings = AppComposition.SampleSettings();
        settings["SendGrid__ApiKey"] = "SG.resolved-secret-value";
        using var provider = AppComposition.Build(settings);

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Telemetry_WithEntraIdAuthenticationString_ExporterUsesTheUserAssignedIdentity()
    {
        var settings = AppComposition.SampleSettings();
        settings[FunctionAppServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        settings[ApplicationInsightsAuthentication.Setting] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD";
        using var provider = AppComposition.Build(settings);

        var options = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;

        Assert.IsType<ManagedIdentityCredential>(options.Credential);
        Assert.Equal(settings[FunctionAppServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting], options.ConnectionString);
    }

    [Fact]
    public void Telemetry_ConnectionStringAlone_ExporterHasNoCredential()
    {
        var settings = AppComposition.SampleSettings();
        settings[FunctionAppServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        using var provider = AppComposition.Build(settings);

        Assert.Null(provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue.Credential);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authorization=None")]
    public void Credential_NoEntraIdAuthentication_IsNull(string? value) =>
        Assert.Null(ApplicationInsightsAuthentication.Credential(value));

    [Fact]
    public void Credential_AadWithoutClientId_IsTheSystemAssignedIdentity() =>
        Assert.IsType<ManagedIdentityCredential>(ApplicationInsightsAuthentication.Credential("Authorization=AAD"));

    [Fact]
    public void Credential_NotKeyValuePairs_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<FormatException>(() => ApplicationInsightsAuthentication.Credential("AAD"));

        Assert.Contains(ApplicationInsightsAuthentication.Setting, error.Message, StringComparison.Ordinal);
    }
}
