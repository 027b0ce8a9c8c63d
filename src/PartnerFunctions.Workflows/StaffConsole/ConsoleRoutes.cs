using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.StaffConsole;

/// <summary>The staff console's start page (from the site root).</summary>
public static class ConsoleRoutes
{
    public const string Dashboard = "staff";

    public static readonly ApiRoute ShowDashboard = new(
        nameof(ShowDashboard), "GET", Dashboard, RouteAudience.StaffPage, "pages", "Console: dashboard",
        call => call.Service<DashboardHandlers>().ShowAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ShowDashboard];

    /// <summary>Registers the console's handlers.</summary>
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PartnerSummaryCache>();
        services.TryAddSingleton<DashboardHandlers>();
        return services;
    }
}
