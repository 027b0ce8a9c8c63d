using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerFunctions.FunctionApp.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddPartnerFunctionsApp(builder.Configuration);

// ASP.NET Core logs every request URL at Information; an approval link's URL carries its token, so only warnings.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

using var host = builder.Build();
await host.RunAsync();

/// <summary>Entry point of the Functions worker; public so tests can find the assembly by <c>typeof(Program)</c>.</summary>
public partial class Program;
