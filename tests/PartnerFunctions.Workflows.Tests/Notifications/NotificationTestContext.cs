using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Email;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>
/// The notification service as the app composes it: the real outbox on the shared Azurite (a table prefix of its
/// own), the real SendGrid sender pointed at a <see cref="SendGridCaptureServer"/>, the templates.
/// </summary>
public sealed class NotificationTestContext : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private NotificationTestContext(ServiceProvider provider, SendGridCaptureServer server, IConfiguration configuration)
    {
        _provider = provider;
        Server = server;
        Configuration = configuration;
    }

    public SendGridCaptureServer Server { get; }

    /// <summary>The settings the services were composed with (same storage prefix and capture endpoint).</summary>
    public IConfiguration Configuration { get; }

    public IServiceProvider Services => _provider;

    public INotificationService Notifications => _provider.GetRequiredService<INotificationService>();

    public INotificationOutbox Outbox => _provider.GetRequiredService<INotificationOutbox>();

    public static async Task<NotificationTestContext> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var server = await SendGridCaptureServer.StartAsync();
        var settings = SendGridEmailSenderTests.Settings(server.BaseUrl, maxRetries: 1);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Storage:TablePrefix"] = AzuriteFixture.UniquePrefix();
        settings["Workflows:PublicBaseUrl"] = NotificationTemplateRendererTests.PublicBaseUrl;
        settings["Notifications:SendLease"] = "00:00:05";
        settings["Notifications:DefaultRetryAfter"] = "00:00:01";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        AddServices(services, configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync();
        return new NotificationTestContext(provider, server, configuration);
    }

    /// <summary>Storage, the SendGrid sender and the notification service, as the hosts compose them.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName));
        services.AddPartnerFunctionsStorage(configuration);
        services.AddPartnerFunctionsEmail(configuration);
        services.AddNotifications(configuration);
    }

    /// <summary>A notification with every documented field of <paramref name="template"/>.</summary>
    public static Notification Notification(string instanceId, string step, string recipient, string template = NotificationTemplates.TierChanged, string language = "en", string marker = "") =>
        new(instanceId, step, recipient, "Name of " + recipient, template, language, NotificationTemplateRendererTests.DocumentedValues(template, marker));

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
