using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;

namespace PartnerFunctions.Infrastructure.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SendGridOptions"/> (section "SendGrid", validated at start-up) and the SendGrid sender as
    /// <see cref="IEmailSender"/>, <see cref="IBatchEmailSender"/> and <see cref="IEmailDeliveryLookup"/>.
    /// </summary>
    public static IServiceCollection AddPartnerFunctionsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SendGridOptions>()
            .Bind(configuration.GetSection(SendGridOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SendGridEmailSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<SendGridEmailSender>());
        services.TryAddSingleton<IBatchEmailSender>(sp => sp.GetRequiredService<SendGridEmailSender>());
        services.TryAddSingleton<IEmailDeliveryLookup>(sp => sp.GetRequiredService<SendGridEmailSender>());
        return services;
    }
}
