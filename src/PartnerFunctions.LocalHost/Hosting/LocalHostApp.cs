using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Options;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Email;
using PartnerFunctions.LocalHost.Api;
using PartnerFunctions.LocalHost.Demo;
using PartnerFunctions.LocalHost.Engine;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Timer;
using PartnerFunctions.Workflows.Hosting;

namespace PartnerFunctions.LocalHost.Hosting;

/// <summary>
/// The local host: the Functions app's HTTP API (/api, port 7071 by default) and workflows on one machine, on the
/// real Durable Task engine. Composed like the Functions app (same settings, same services), plus local tools under
/// /_local (health, captured mail, demo data). Usable from a test or a benchmark in-process:
/// <code>
/// var builder = LocalHostApp.CreateBuilder(args);   // change builder.Configuration / Services here
/// await using var app = await LocalHostApp.BuildAsync(builder);
/// await app.StartAsync();
/// </code>
/// </summary>
public static class LocalHostApp
{
    public const string HealthPath = "/_local/health";

    /// <summary>
    /// A builder with the configuration (appsettings.json next to the binary, environment variables, command line)
    /// and the product's services: storage, email, workflows, from the same keys as the Functions app.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddOptions<LocalHostOptions>()
            .Bind(configuration.GetSection(LocalHostOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddPartnerFunctionsStorage(configuration);
        services.AddPartnerFunctionsEmail(configuration);
        services.AddPartnerFunctionsWorkflows(configuration);
        services.AddRequestBodyLimits();

        // Mail capture: the same SendGrid client and request bodies, sent to this host instead of SendGrid.
        services.AddOptions<SendGridOptions>().PostConfigure<IOptions<LocalHostOptions>>((sendGrid, local) =>
        {
            if (local.Value.CaptureMail)
            {
                sendGrid.BaseUrl = PublicUrl(configuration, local.Value) + SendGridCapture.BasePath;
            }
        });
        services.AddSingleton<CapturedMailStore>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<LocalHostState>();
        services.AddHostedService<StartupTasks>();
        return builder;
    }

    /// <summary>
    /// Starts the Durable Task engine (store + sidecar) from the builder's configuration, registers the worker (every
    /// orchestrator and activity of the product, activities built by DI), the client and the nightly timer, builds the
    /// app and maps its routes. The engine stops when the app stops.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();

        // Checked here too (not only at start): the engine is started with these before the app exists.
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
#pragma warning disable CA2000 // Owned by the app's container from here on (disposed with it).
        var storageRequests = new StorageRequestCounter(builder.Configuration);
#pragma warning restore CA2000
        builder.Services.AddSingleton(_ => storageRequests);
        var engine = await DurableEngine.StartAsync(builder.Configuration, options, cancellationToken);
        try
        {
            var services = builder.Services;
            services.AddSingleton(engine);

            // Registered before the worker so that it stops after it (hosted services stop in reverse order).
            services.AddHostedService<EngineLifetime>();
            services.AddDurableTaskWorker(worker =>
            {
                worker.AddTasks(registry => registry.AddPartnerFunctionsTasks());
                worker.UseGrpc(grpc =>
                {
                    grpc.Channel = engine.Channel;

                    // The worker reconnects after 120 s without messages and logs a warning each time: not needed here.
                    grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
                });
            });
            services.AddDurableTaskClient(client => client.UseGrpc(engine.Channel));
            services.AddHostedService<NightlyTimer>();

            var app = builder.Build();
            app.UseRoutingProblems();
            app.UseRequestBodyLimits();
            app.MapPartnerFunctionsApi();
            app.MapLocalTools(options);
            return app;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the host until it is stopped (Ctrl-C).</summary>
    public static async Task RunAsync(string[] args)
    {
        var builder = CreateBuilder(args);
        await using var app = await BuildAsync(builder);
        await app.RunAsync();
    }

    /// <summary>
    /// The URL this host is reached at: LocalHost__PublicUrl, else the first of --urls (a wildcard host becomes
    /// 127.0.0.1), else http://127.0.0.1:7071.
    /// </summary>
    public static string PublicUrl(IConfiguration configuration, LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            return options.PublicUrl.Trim().TrimEnd('/');
        }

        var first = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return "http://127.0.0.1:7071";
        }

        foreach (var wildcard in new[] { "://*:", "://+:", "://0.0.0.0:", "://[::]:" })
        {
            first = first.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }

        return first.TrimEnd('/');
    }

    private static void MapLocalTools(this WebApplication app, LocalHostOptions options)
    {
        app.MapGet(HealthPath, (LocalHostState state, DurableEngine engine) => state.Ready
            ? Results.Json(new { status = "ready", store = engine.Store.ToString().ToLowerInvariant(), taskHub = engine.TaskHubName, sidecar = engine.Address })
            : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription();
        app.MapGet(StorageRequestCounter.Path, (StorageRequestCounter counter) => Results.Json(counter.Snapshot())).ExcludeFromDescription();
        app.MapSendGridCapture();
        app.MapMailPages();
        if (options.EnableDemoData)
        {
            DemoData.MapDemoData(app);
        }
    }
}
