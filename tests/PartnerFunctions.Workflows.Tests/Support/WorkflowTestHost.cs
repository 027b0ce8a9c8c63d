using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>How a <see cref="WorkflowTestHost"/> is set up beyond its defaults.</summary>
public sealed class WorkflowTestHostOptions
{
    /// <summary>
    /// Configuration values over the defaults (<see cref="WorkflowTestHost.DefaultSettings"/>), keys as in
    /// IConfiguration, e.g. <c>["Workflows:ApprovalExpiresAfter"] = "00:00:05"</c>.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra registrations, applied after the product's and the test defaults' (so they replace them).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Where engine and product logs go (a test's output); none when null.</summary>
    public ITestOutputHelper? Output { get; set; }

    /// <summary>The lowest level written to <see cref="Output"/> (every level is recorded in <see cref="WorkflowTestHost.Logs"/>).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;
}

/// <summary>
/// The real Durable Task engine in-process (<see cref="DurableTaskTestHost"/>: gRPC sidecar, in-memory task hub) running
/// every orchestrator and activity of the product, with activities on the shared Azurite (tables and containers under a
/// prefix of this host's own), the product's composition (<c>AddPartnerFunctionsStorage</c>,
/// <c>AddPartnerFunctionsWorkflows</c>) with short approval delays, and a recording email provider. Start one per test
/// (cheap: ~1 s) and dispose it.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    /// <summary>First approver (Workflows:StaffApproverEmail).</summary>
    public const string StaffApprover = "approver@program.example.com";

    /// <summary>Second approver (Workflows:EscalationApproverEmail).</summary>
    public const string EscalationApprover = "escalation@program.example.com";

    /// <summary>Workflows:PublicBaseUrl: every link in emails and status URLs starts with it.</summary>
    public const string PublicBaseUrl = "https://partners.test.example.com";

    /// <summary>Default approval timings: reminder, escalation and expiry after 2, 4 and 8 seconds.</summary>
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan EscalationAfter = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(60);

    private readonly DurableTaskTestHost _engine;
    private readonly ILoggerFactory _loggerFactory;
    private readonly RecordingLoggerProvider _logs;

    private WorkflowTestHost(DurableTaskTestHost engine, IConfiguration configuration, string storagePrefix, RecordingEmailSender emails, ILoggerFactory loggerFactory, RecordingLoggerProvider logs)
    {
        _engine = engine;
        Configuration = configuration;
        StoragePrefix = storagePrefix;
        Emails = emails;
        _loggerFactory = loggerFactory;
        _logs = logs;
    }

    /// <summary>The settings every host starts from (before <see cref="WorkflowTestHostOptions.Settings"/>).</summary>
    public static IReadOnlyDictionary<string, string?> DefaultSettings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Workflows:StaffApproverEmail"] = StaffApprover,
        ["Workflows:EscalationApproverEmail"] = EscalationApprover,
        ["Workflows:PublicBaseUrl"] = PublicBaseUrl,
        ["Workflows:ApprovalReminderAfter"] = ReminderAfter.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows:ApprovalEscalationAfter"] = EscalationAfter.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows:ApprovalExpiresAfter"] = ExpiresAfter.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows:PartnersPerBatch"] = "50",
        ["Workflows:PartnersInFlight"] = "4",
    };

    /// <summary>The client of the engine (schedule, raise events, query).</summary>
    public DurableTaskClient Client => _engine.Client;

    /// <summary>The worker's services (the product's composition plus the test's overrides).</summary>
    public IServiceProvider Services => _engine.Services;

    /// <summary>The configuration the product was composed with.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The table/container prefix of this host's storage.</summary>
    public string StoragePrefix { get; }

    /// <summary>Every email the product sent (after templates and outbox).</summary>
    public RecordingEmailSender Emails { get; }

    /// <summary>Every log line written by the worker so far (engine, orchestrators, activities, product services).</summary>
    public IReadOnlyList<string> Logs => _logs.Lines;

    /// <summary>The workflow options in effect.</summary>
    public WorkflowOptions Options => Services.GetRequiredService<IOptions<WorkflowOptions>>().Value;

    /// <summary>Starts the engine on the shared Azurite with a fresh storage prefix and creates the tables and containers.</summary>
    public static async Task<WorkflowTestHost> StartAsync(AzuriteFixture azurite, WorkflowTestHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        options ??= new WorkflowTestHostOptions();
        WarnIfEngineThrottled(options.Output);

        var prefix = AzuriteFixture.UniquePrefix();
        var settings = new Dictionary<string, string?>(DefaultSettings, StringComparer.OrdinalIgnoreCase)
        {
            [StorageOptions.DefaultConnectionName] = azurite.ConnectionString,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.TablePrefix)}"] = prefix,
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var emails = new RecordingEmailSender();
        var logs = new RecordingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            if (options.Output is { } output)
            {
                b.AddProvider(new TestOutputLoggerProvider(output, options.LogLevel));
            }
        });

        DurableTaskTestHost? engine = null;
        for (var attempt = 1; engine is null; attempt++)
        {
            try
            {
                engine = await DurableTaskTestHost.StartAsync(
                    registry => registry.AddPartnerFunctionsTasks(),
                    new DurableTaskTestHostOptions
                    {
                        // A port known free now (the default is a random one that other test hosts may hold).
                        Port = FreePort(),
                        LoggerFactory = loggerFactory,
                        ConfigureServices = services =>
                        {
                            services.AddPartnerFunctionsStorage(configuration);
                            services.AddPartnerFunctionsWorkflows(configuration);
                            services.RemoveAll<IEmailSender>();
                            services.AddSingleton<IEmailSender>(emails);

                            // Workflow tests call handlers unauthenticated; access control has tests of its own.
                            services.Replace(ServiceDescriptor.Singleton<IApiAccess, TestApiAccess>());
                            options.ConfigureServices?.Invoke(services);
                        },
                    },
                    cancellationToken);
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between finding it and binding it: try another.
            }
        }

        var host = new WorkflowTestHost(engine, configuration, prefix, emails, loggerFactory, logs);
        try
        {
            await host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>A service of the product.</summary>
    public T GetRequiredService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Stores and activates the default program definition (or <paramref name="json"/>) and returns it.</summary>
    public async Task<ProgramDefinition> SeedDefinitionAsync(string? json = null, CancellationToken cancellationToken = default)
    {
        var definition = json is null ? ProgramDefinitionLoader.LoadDefault() : ProgramDefinitionLoader.LoadOrThrow(json);
        var repository = GetRequiredService<IProgramDefinitionRepository>();
        var now = DateTimeOffset.UtcNow;
        await repository.StoreVersionAsync(definition, "tests", now, cancellationToken);
        var active = await repository.GetActiveAsync(cancellationToken);
        await repository.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "tests", now, cancellationToken);
        return definition;
    }

    /// <summary>Stores a partner with all its evidence.</summary>
    public Task SeedPartnerAsync(PartnerEvidence evidence, CancellationToken cancellationToken = default) =>
        GetRequiredService<IPartnerRepository>().UpsertEvidenceAsync(evidence, "tests", cancellationToken);

    /// <summary>Stores a partner built with <see cref="PartnerEvidenceBuilder"/>.</summary>
    public async Task<PartnerEvidence> SeedPartnerAsync(PartnerEvidenceBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var evidence = builder.Build();
        await SeedPartnerAsync(evidence, cancellationToken);
        return evidence;
    }

    /// <summary>
    /// Generates and stores <paramref name="count"/> demo partners (<see cref="DemoPartnerGenerator"/>, evidence current
    /// as of today unless <paramref name="options"/> say otherwise) under <paramref name="definition"/>.
    /// </summary>
    public async Task<IReadOnlyList<PartnerEvidence>> SeedDemoPartnersAsync(ProgramDefinition definition, int count, DemoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var generator = new DemoPartnerGenerator(definition, options ?? new DemoGenerationOptions(42, DateOnly.FromDateTime(DateTime.UtcNow)));
        var partners = generator.GenerateMany(count).ToArray();
        var repository = GetRequiredService<IPartnerRepository>();
        foreach (var chunk in partners.Chunk(8))
        {
            await Task.WhenAll(chunk.Select(p => repository.UpsertEvidenceAsync(p, "tests", cancellationToken)));
        }

        return partners;
    }

    /// <summary>
    /// Waits until the instance completes, fails or is terminated and returns it with inputs, outputs and custom status;
    /// throws <see cref="TimeoutException"/> (with the instance's current state) after <paramref name="timeout"/>.
    /// </summary>
    public Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null) =>
        WaitForAsync(instanceId, m => m.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated, timeout, "to finish");

    /// <summary>Waits until the instance (read with inputs, outputs and custom status) satisfies <paramref name="condition"/>.</summary>
    public async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWaitTimeout);
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            if (DateTime.UtcNow > deadline)
            {
                var state = metadata is null
                    ? "it does not exist"
                    : $"it is {metadata.RuntimeStatus}, custom status {metadata.SerializedCustomStatus ?? "(none)"}, failure {metadata.FailureDetails?.ErrorMessage ?? "(none)"}";
                throw new TimeoutException($"Orchestration '{instanceId}' did not get {what ?? "to the expected state"} within {(timeout ?? DefaultWaitTimeout).TotalSeconds:0} s: {state}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every history event of the instance, serialized as JSON (inputs, activity results, events, output).</summary>
    public IReadOnlyList<string> ReadHistory(string instanceId) => OrchestrationHistory.Read(_engine, instanceId);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WarnIfEngineThrottled(ITestOutputHelper? output)
    {
        if (Environment.ProcessorCount < 16)
        {
            output?.WriteLine($"Environment.ProcessorCount is {Environment.ProcessorCount}: the in-memory engine runs that many work items at once. Run through 'dotnet test' (Support/workflow-tests.runsettings sets DOTNET_PROCESSOR_COUNT=64) for full speed.");
        }
    }
}
