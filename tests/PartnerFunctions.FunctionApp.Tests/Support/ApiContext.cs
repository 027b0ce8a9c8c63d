using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>A response as a client sees it.</summary>
public sealed record ApiResponse(int Status, IHeaderDictionary Headers, string Body)
{
    public string? ContentType => Headers.ContentType.ToString();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The "field" of every error of a problem response.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Json.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.TryGetProperty("field", out var f) ? f.GetString()! : e.GetProperty("column").GetString()!).ToArray()
            : [];
}

/// <summary>
/// The Functions app's services composed exactly as Program.cs composes them (AddPartnerFunctionsApp), on the shared
/// Azurite with tables of its own, and a way to call an HTTP function through its class with a real HttpContext.
/// </summary>
public sealed class ApiContext : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private ApiContext(ServiceProvider provider, FixedTimeProvider clock)
    {
        _provider = provider;
        Clock = clock;
    }

    public FixedTimeProvider Clock { get; }

    public IServiceProvider Services => _provider;

    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, string prefix) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Storage:TablePrefix"] = prefix,
        ["Workflows:StaffApproverEmail"] = "staff@partnerfunctions.example",
        ["Workflows:EscalationApproverEmail"] = "lead@partnerfunctions.example",
        ["Workflows:PublicBaseUrl"] = "http://localhost:7071",
        ["TaskHubName"] = "testhub",
        ["SendGrid:ApiKey"] = "test-key",
        ["SendGrid:FromEmail"] = "program@partnerfunctions.example",
        ["SendGrid:BaseUrl"] = "http://127.0.0.1:9",
    };

    /// <param name="enforceAccess">
    /// False (the default for the feature tests): callers are not authenticated (<see cref="OpenApiAccess"/>, staff
    /// recorded as "staff"); true: the production access control, as Program.cs composes it.
    /// </param>
    public static async Task<ApiContext> CreateAsync(AzuriteFixture azurite, string? prefix = null, IDictionary<string, string?>? extra = null, bool enforceAccess = false)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var settings = Settings(azurite, prefix ?? AzuriteFixture.UniquePrefix());
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var clock = new FixedTimeProvider(DefaultNow);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddPartnerFunctionsApp(configuration);
        if (!enforceAccess)
        {
            services.Replace(ServiceDescriptor.Singleton<IApiAccess, OpenApiAccess>());
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync();
        return new ApiContext(provider, clock);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Stores and activates the default program definition (what most partner endpoints need).</summary>
    public async Task<ProgramDefinition> ActivateDefaultDefinitionAsync()
    {
        var definitions = Get<IProgramDefinitionRepository>();
        var definition = ProgramDefinitionLoader.LoadDefault();
        await definitions.StoreVersionAsync(definition, "test", Clock.Now);
        var active = await definitions.GetActiveAsync();
        await definitions.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "test", Clock.Now);
        return definition;
    }

    /// <summary>A request to pass to a function, with this context's services.</summary>
    public HttpRequest Request(
        string method,
        string path,
        string? body = null,
        string? contentType = "application/json",
        IDictionary<string, string>? headers = null) =>
        Request(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : contentType, headers);

    public HttpRequest Request(string method, string path, byte[]? body, string? contentType, IDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        var request = context.Request;
        request.Method = method;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? path : path[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (body is not null)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength = body.Length;
            request.ContentType = contentType;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>Runs what a function returned against its request's context, as the Functions host does, and reads the response.</summary>
    public static async Task<ApiResponse> ExecuteAsync(HttpRequest request, IActionResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return new ApiResponse(context.Response.StatusCode, context.Response.Headers, await reader.ReadToEndAsync());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
