using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Fact]
    public void NoConnection_FailsAtStartWithMessageNamingTheSettings()
    {
        using var provider = StorageContext.BuildProvider(StorageContext.Configuration(new Dictionary<string, string?>()));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__blobServiceUri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_FromAzureWebJobsStorage()
    {
        var options = Options(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Storage:TablePrefix"] = "t1" });

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.False(options.UsesIdentity);
        Assert.Equal("t1partners", new StorageNames(options.TablePrefix).Partners);
        Assert.Equal("t1-evidence-documents", new StorageNames(options.TablePrefix).EvidenceDocumentsContainer);
    }

    [Fact]
    public void ServiceUris_WithManagedIdentity_AsFunctionsNamesThem()
    {
        // Environment variables AzureWebJobsStorage__tableServiceUri etc. arrive as AzureWebJobsStorage:tableServiceUri.
        var options = Options(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.True(options.UsesIdentity);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), options.TableServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ClientId);
        using var provider = StorageContext.BuildProvider(StorageContext.Configuration(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
        }));
        Assert.Equal("acct", provider.GetRequiredService<StorageClients>().TableService.AccountName);
    }

    [Fact]
    public void DocumentContentTypes_DefaultOrReplacedBySettings()
    {
        var defaults = Options(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        var configured = Options(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Storage:AllowedDocumentContentTypes:0"] = "application/pdf",
            ["Storage:AllowedDocumentContentTypes:1"] = " Image/WebP ",
        });

        Assert.Equal(["application/pdf", "image/png", "image/jpeg"], defaults.AllowedDocumentContentTypeList);
        Assert.Equal(["application/pdf", "image/webp"], configured.AllowedDocumentContentTypeList);
    }

    [Fact]
    public void AccountNameAlone_MeansThePublicEndpoints()
    {
        var options = Options(new() { ["AzureWebJobsStorage:accountName"] = "stpartners" });

        Assert.Equal(new Uri("https://stpartners.table.core.windows.net"), options.TableServiceUri);
        Assert.Equal(new Uri("https://stpartners.blob.core.windows.net"), options.BlobServiceUri);
    }

    [Fact]
    public void OtherConnectionName_IsFollowed()
    {
        var options = Options(new() { ["Storage:ConnectionName"] = "PartnerData", ["PartnerData"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
    }

    [Theory]
    [InlineData("Storage:TablePrefix", "Bad_Prefix", "TablePrefix")]
    [InlineData("Storage:MaxDocumentBytes", "0", "MaxDocumentBytes")]
    [InlineData("AzureWebJobsStorage:credential", "password", "credential")]
    public void InvalidSettings_ReportedClearly(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            [key] = value,
        };
        using var provider = StorageContext.BuildProvider(StorageContext.Configuration(settings));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static StorageOptions Options(Dictionary<string, string?> settings)
    {
        using var provider = StorageContext.BuildProvider(StorageContext.Configuration(settings));
        return provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    }
}
