using Microsoft.AspNetCore.Http;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>
/// The route table (<see cref="ApiRouteTable"/>) and the Functions app's [HttpTrigger] wrappers (read from their
/// attributes, as the SDK writes functions.metadata) describe the same routes: one wrapper per entry, same name, method
/// and route, and no wrapper without an entry.
/// </summary>
public sealed class RouteTableTests
{
    private static IReadOnlyList<HttpFunctionInfo> Wrappers => FunctionCatalog.HttpFunctions(typeof(Program).Assembly);

    [Fact]
    public void RouteTable_EveryEntry_HasExactlyOneFunctionsWrapperWithItsNameMethodAndRoute()
    {
        var failures = new List<string>();
        foreach (var route in ApiRouteTable.All)
        {
            var wrappers = Wrappers.Where(w => w.Name == route.Name).ToArray();
            if (wrappers.Length != 1)
            {
                failures.Add($"{route.Name}: {wrappers.Length} wrappers");
                continue;
            }

            var wrapper = wrappers[0];
            if (wrapper.Path != route.Path || !wrapper.Methods.SequenceEqual([route.Method]))
            {
                failures.Add($"{route.Name}: table {route.Method} {route.Path}, wrapper {string.Join(",", wrapper.Methods)} {wrapper.Path}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void FunctionsWrappers_Each_HasATableEntry()
    {
        var names = ApiRouteTable.All.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Wrappers.Where(w => !names.Contains(w.Name)).Select(w => w.Name));
        Assert.Equal(ApiRouteTable.All.Count, Wrappers.Count);
    }

    [Fact]
    public void RouteTable_NamesAndMethodTemplatePairs_AreUnique()
    {
        Assert.Empty(ApiRouteTable.All.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(ApiRouteTable.All.GroupBy(r => (r.Method, r.Path)).Where(g => g.Count() > 1).Select(g => g.Key.ToString()));
        Assert.True(ApiRouteTable.All.Count > 30, "The table lost routes.");
    }

    [Fact]
    public void RouteTable_WriteRoutes_AreAuditedButSignInValidationAndDocumentViews()
    {
        var notAudited = ApiRouteTable.All.Where(r => r.Method != "GET" && !r.Audited).Select(r => r.Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["OpenApprovalLinkDocument", "RequestSignInLink", "SignInMicrosoft", "SignInPartnerKey", "SignInStaff", "SignOutSession", "UseSignInLink", "ValidateDefinition"],
            notAudited);
        Assert.DoesNotContain(ApiRouteTable.All, r => r.Method == "GET" && r.Audited);
    }

    [Fact]
    public void RouteTable_AuditRoutes_AreStaffReadsOnly()
    {
        var audit = ApiRouteTable.All.Where(r => r.Template.StartsWith("staff/audit", StringComparison.Ordinal)).ToArray();
        Assert.Equal(7, audit.Length);
        Assert.All(audit, r => Assert.Equal(("GET", true), (r.Method, r.Audience is RouteAudience.Staff or RouteAudience.StaffPage)));
    }

    [Fact]
    public void ApiRoute_PartnerOwnWithoutPartnerIdInTemplate_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new ApiRoute("Broken", "GET", "staff/things/{id}", RouteAudience.PartnerOwn, "t", "s", _ => Task.FromResult(Results.Ok())));

        Assert.Contains("{partnerId}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiRoute_UndefinedAudience_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ApiRoute("Broken", "GET", "things", (RouteAudience)42, "t", "s", _ => Task.FromResult(Results.Ok())));
    }

    [Fact]
    public async Task Dispatch_RouteValuesOtherThanTheTemplates_Throws()
    {
        var request = new DefaultHttpContext().Request;

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ApiDispatcher.DispatchAsync(Workflows.Partners.PartnerRoutes.GetPartner, request, null, ("id", "p-1")));

        Assert.Contains("partnerId", exception.Message, StringComparison.Ordinal);
    }
}
