using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PartnerFunctions.FunctionApp.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddPartnerFunctionsApp(builder.Configuration);

using var host = builder.Build();
await host.RunAsync();

/// <summary>Entry point of the Functions worker; public so tests can find the assembly by <c>typeof(Program)</c>.</summary>
public partial class Program;
