using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification service, its templates and <see cref="NotificationOptions"/> (validated at start-up).
    /// The outbox (<c>AddPartnerFunctionsStorage</c>) and the email sender (<c>AddPartnerFunctionsEmail</c>, or a fake
    /// in workflow tests) are registered by the host.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<NotificationTemplateRenderer>();
        services.TryAddSingleton<INotificationService, NotificationService>();
        return services;
    }
}
