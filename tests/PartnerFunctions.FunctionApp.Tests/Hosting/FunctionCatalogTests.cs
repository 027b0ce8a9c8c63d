using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using Xunit.Abstractions;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

public sealed class FunctionCatalogTests(ITestOutputHelper output)
{
    private static readonly System.Reflection.Assembly App = typeof(Program).Assembly;

    [Fact]
    public void HttpFunctions_EveryOne_IsAnonymousWithARouteAndMethods()
    {
        var functions = FunctionCatalog.HttpFunctions(App);
        foreach (var function in functions)
        {
            output.WriteLine($"{function.Name}: {string.Join(',', function.Methods)} {function.Route}");
        }

        Assert.NotEmpty(functions);
        Assert.All(functions, f =>
        {
            Assert.Equal(AuthorizationLevel.Anonymous, f.AuthLevel);
            Assert.False(string.IsNullOrWhiteSpace(f.Route));
            Assert.Equal(f.IsApi ? "api/" + f.Route : f.Route, f.Path);
            Assert.NotEmpty(f.Methods);
        });
    }

    [Fact]
    public void HttpFunctions_RouteAndMethod_AreUnique()
    {
        var pairs = FunctionCatalog.HttpFunctions(App)
            .SelectMany(f => f.Methods.Select(m => m + " " + f.Path))
            .ToArray();

        Assert.Equal(pairs.Length, pairs.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Functions_NamesAreUnique()
    {
        var names = FunctionCatalog.Functions(App).Select(f => f.Name).ToArray();

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void HttpFunctions_PartnerAndStaffApi_AreAllThere()
    {
        var routes = FunctionCatalog.HttpFunctions(App).ToDictionary(f => f.Name, f => string.Join(',', f.Methods) + " " + f.Route);

        Assert.Equal("PUT partners/{partnerId}", routes["PutPartner"]);
        Assert.Equal("GET partners/{partnerId}", routes["GetPartner"]);
        Assert.Equal("PUT partners/{partnerId}/people/{personId}", routes["PutPerson"]);
        Assert.Equal("PUT partners/{partnerId}/revenue/{lineId}", routes["PutRevenue"]);
        Assert.Equal("PUT partners/{partnerId}/references/{referenceId}", routes["PutReference"]);
        Assert.Equal("POST partners/{partnerId}/references/{referenceId}/documents", routes["PostReferenceDocument"]);
        Assert.Equal("GET partners/{partnerId}/evaluation", routes["GetEvaluation"]);
        Assert.Equal("GET partners/{partnerId}/decisions", routes["GetDecisions"]);
        Assert.Equal("GET partners/{partnerId}/migration-preview", routes["GetMigrationPreview"]);
        Assert.Equal("POST staff/definitions/validate", routes["ValidateDefinition"]);
        Assert.Equal("POST staff/definitions", routes["PostDefinition"]);
        Assert.Equal("GET staff/definitions", routes["ListDefinitions"]);
        Assert.Equal("GET staff/definitions/{id}/versions/{version}", routes["GetDefinition"]);
        Assert.Equal("POST staff/definitions/{id}/versions/{version}/activate", routes["ActivateDefinition"]);
        Assert.Equal("POST staff/imports/revenue", routes["ImportRevenue"]);
        Assert.Equal("POST staff/imports/accreditations", routes["ImportAccreditations"]);
        Assert.Equal("GET openapi.json", routes["GetOpenApiDocument"]);
    }
}
