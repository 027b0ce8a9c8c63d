using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>Settings of a <see cref="HostUnderTest"/>.</summary>
public sealed class HostUnderTestOptions
{
    /// <summary>Extra or overriding host settings (environment variable names, "Section__Key").</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A local host process on the run's Azurite with a table prefix and task hub of its own, plus what a test needs
/// around it: an HTTP client on its /api, the captured mail, and the repositories on the same storage (for seeding
/// large data sets fast and for reading what the host wrote). <see cref="KillAsync"/> and <see cref="RestartAsync"/>
/// crash and restart it on the same storage, task hub, worker id and port.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    public const string HealthPath = "/_local/health";
    public const string StaffApprover = "program-staff@e2e.example";
    public const string EscalationApprover = "program-lead@e2e.example";

    private readonly Dictionary<string, string> _environment;
    private readonly ServiceProvider _storage;
    private LocalHostProcess _process;

    private HostUnderTest(AzuriteInstance azurite, string prefix, int port, Dictionary<string, string> environment, ServiceProvider storage, LocalHostProcess process)
    {
        Azurite = azurite;
        Prefix = prefix;
        Port = port;
        _environment = environment;
        _storage = storage;
        _process = process;
        Api = NewStaffClient(process.BaseUrl);
    }

    /// <summary>The local staff key the host is configured with (Access__LocalStaffKey); <see cref="Api"/> sends it.</summary>
    public string StaffKey => _environment["Access__LocalStaffKey"];

    public AzuriteInstance Azurite { get; }

    /// <summary>The table/container prefix of the host's product data.</summary>
    public string Prefix { get; }

    public int Port { get; }

    public string TaskHub => _environment["TaskHubName"];

    /// <summary>HTTP client on the host (API under api/, local tools under _local/).</summary>
    public ApiClient Api { get; private set; }

    /// <summary>The repositories on the host's storage (same account and prefix).</summary>
    public IServiceProvider Storage => _storage;

    public LocalHostProcess Process => _process;

    public static async Task<HostUnderTest> StartAsync(HostUnderTestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var azurite = await AzuriteInstance.GetSharedAsync();
        var prefix = "e" + Guid.NewGuid().ToString("N")[..9];
        var port = LocalHostProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TaskHubName"] = "hub" + prefix,
            ["Storage__TablePrefix"] = prefix,
            ["LocalHost__Store"] = "azure",
            ["LocalHost__SidecarPort"] = "0",
            ["LocalHost__WorkerId"] = "e2e-" + prefix,
            ["LocalHost__CaptureMail"] = "true",
            ["LocalHost__PublicUrl"] = baseUrl,
            ["LocalHost__RunTimer"] = "false",
            ["Workflows__PublicBaseUrl"] = baseUrl,
            ["Workflows__StaffApproverEmail"] = StaffApprover,
            ["Workflows__EscalationApproverEmail"] = EscalationApprover,
            ["Access__LocalStaffKey"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["SendGrid__ApiKey"] = "local-e2e-key",
            ["SendGrid__FromEmail"] = "partner-program@e2e.example",
            ["SendGrid__FromName"] = "Partner Program",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (name, value) in options?.Settings ?? [])
        {
            environment[name] = value;
        }

        var storage = BuildStorage(azurite.ConnectionString, prefix);
        await storage.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
        var process = await LocalHostProcess.StartAsync(port, environment, HealthPath, cancellationToken);
        return new HostUnderTest(azurite, prefix, port, environment, storage, process);
    }

    /// <summary>Repositories on <paramref name="connectionString"/> under <paramref name="prefix"/>.</summary>
    public static ServiceProvider BuildStorage(string connectionString, string prefix)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Storage:TablePrefix"] = prefix,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddPartnerFunctionsStorage(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A client on the host with no credential (set one with <see cref="ApiClient.UseCredential"/>).</summary>
    public ApiClient NewClient() => new(_process.BaseUrl);

    /// <summary>Issues an API key for <paramref name="partnerId"/> (staff endpoint) and returns a client that sends it.</summary>
    public async Task<ApiClient> PartnerClientAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var issued = (await Api.PostAsync($"api/staff/partners/{partnerId}/credentials", new { label = "end-to-end test" }, cancellationToken)).Expect(201).JsonBody;
        var client = NewClient();
        client.UseCredential(issued.GetProperty("key").GetString());
        return client;
    }

    public T GetRequiredService<T>()
        where T : notnull => _storage.GetRequiredService<T>();

    /// <summary>Crashes the host: SIGKILL, no shutdown code.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the host again (after <see cref="KillAsync"/>) on the same storage, task hub, worker id and port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _process.DisposeAsync();
        _process = await LocalHostProcess.StartAsync(Port, _environment, HealthPath, cancellationToken);
        Api.Dispose();
        Api = NewStaffClient(_process.BaseUrl);
    }

    private ApiClient NewStaffClient(Uri baseUrl)
    {
        var client = new ApiClient(baseUrl);
        client.UseCredential(StaffKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
        await _storage.DisposeAsync();
    }
}

/// <summary>An HTTP client on the host with JSON helpers; the staff credential, when set, goes on every request.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseUrl)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http => _http;

    /// <summary>Sends every later request with this bearer credential (null: none).</summary>
    public void UseCredential(string? key) =>
        _http.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    public Task<ApiResponse> PostAsync(string path, object? body = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body, null, cancellationToken);

    public Task<ApiResponse> PutAsync(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, path, body, null, cancellationToken);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is string text)
        {
            request.Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiResponse.Json);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var payload = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiResponse((int)response.StatusCode, payload, response.Headers.Location, response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _http.Dispose();
}
