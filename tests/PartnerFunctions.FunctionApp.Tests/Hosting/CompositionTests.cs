using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>The app's composition (what Program.cs calls) with the settings of local.settings.sample.json.</summary>
public sealed class CompositionTests
{
    [Fact]
    public void SampleSettings_ComposeTheApp_EveryOptionValidAndEveryHandlerBuilt()
    {
        using var provider = AppComposition.Build(AppComposition.SampleSettings(), validate: true);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<PartnerHandlers>());
        Assert.NotNull(provider.GetRequiredService<PartnerEvidenceHandlers>());
        Assert.NotNull(provider.GetRequiredService<DefinitionHandlers>());
        Assert.NotNull(provider.GetRequiredService<ImportHandlers>());
    }

    [Fact]
    public void SampleSettings_ContainTheHostAndWorkflowSettings()
    {
        var settings = AppComposition.SampleSettings();

        Assert.Equal("UseDevelopmentStorage=true", settings["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.False(string.IsNullOrEmpty(settings["TaskHubName"]));
        Assert.False(string.IsNullOrEmpty(settings["Workflows__StaffApproverEmail"]));
    }

    [Fact]
    public void SampleSettings_MissingApproverEmail_FailsAtStartUp()
    {
        var settings = AppComposition.SampleSettings();
        settings.Remove("Workflows__StaffApproverEmail");
        using var provider = AppComposition.Build(settings, validate: true);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("StaffApproverEmail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvidenceUploadLimits_Defaults_AgreeWithTheDocumentStore()
    {
        var upload = new EvidenceUploadOptions();
        var storage = new StorageOptions();

        Assert.Equal(storage.MaxDocumentBytes, upload.MaxDocumentBytes);
        Assert.Equal(storage.AllowedDocumentContentTypeList, upload.AllowedDocumentContentTypeList);
    }

    [Fact]
    public void EvidenceUploadLimits_OneSetting_DrivesBothLimits()
    {
        var settings = AppComposition.SampleSettings();
        settings["Storage__MaxDocumentBytes"] = "2048";
        settings["Storage__AllowedDocumentContentTypes__0"] = "application/pdf";
        settings.Remove("Storage__AllowedDocumentContentTypes__1");
        settings.Remove("Storage__AllowedDocumentContentTypes__2");
        using var provider = AppComposition.Build(settings, validate: true);

        var upload = provider.GetRequiredService<IOptions<EvidenceUploadOptions>>().Value;
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal(2048, upload.MaxDocumentBytes);
        Assert.Equal(2048, storage.MaxDocumentBytes);
        Assert.Equal(["application/pdf"], upload.AllowedDocumentContentTypeList);
        Assert.Equal(storage.AllowedDocumentContentTypeList, upload.AllowedDocumentContentTypeList);
    }

    [Fact]
    public void Telemetry_WithoutConnectionString_RegistersNoExporter()
    {
        using var provider = AppComposition.Build(AppComposition.SampleSettings(), validate: true);

        Assert.Null(provider.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public void Telemetry_WithConnectionString_RegistersOpenTelemetry()
    {
        var settings = AppComposition.SampleSettings();
        settings[FunctionAppServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        using var provider = AppComposition.Build(settings, validate: true);

        Assert.NotNull(provider.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public void WorkflowRegistry_EveryActivity_CanBeBuiltFromTheAppServices()
    {
        using var provider = AppComposition.Build(AppComposition.SampleSettings(), validate: true);
        using var scope = provider.CreateScope();

        Assert.All(WorkflowRegistry.Activities, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }
}
