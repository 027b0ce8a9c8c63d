using System.Text.RegularExpressions;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>
/// Every HTTP function of the app, enumerated from its attributes, is called with the production access control:
/// partner routes with partner A's key on partner B's resources (403/404) and without a key (401); staff routes with a
/// partner key (403) and without a key (401). A route this table does not classify fails, so a new endpoint cannot
/// ship without deciding who may call it.
/// </summary>
public sealed partial class RouteAccessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private enum Audience
    {
        Partner,
        Staff,
        Anonymous,
    }

    // Who may call each route (route template without constraints), read from the route table: every entry declares
    // its audience, so a route cannot exist without one. Anonymous here: the OpenAPI document and the approval links
    // (the token in the link is the authority).
    private static readonly Dictionary<string, Audience> Table = ApiRouteTable.Api
        .GroupBy(r => r.Template, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => Of(g.Select(r => r.Audience).Distinct().Single()), StringComparer.Ordinal);

    private static IReadOnlyList<HttpFunctionInfo> HttpFunctions => FunctionCatalog.ApiFunctions(typeof(Program).Assembly);

    [Fact]
    public void Table_ClassifiesEveryHttpRoute_AndListsNoRouteThatDoesNotExist()
    {
        var routes = HttpFunctions.Select(f => Template(f.Route)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(routes.Where(r => !Table.ContainsKey(r)).Order(StringComparer.Ordinal));
        Assert.Empty(Table.Keys.Where(r => !routes.Contains(r)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PartnerRoutes_PartnerAOnPartnerBsResources_Return403Or404AndChangeNothing()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var (partnerA, partnerB, values) = await SeedAsync(access);
        var (keyA, _) = await access.IssueKeyAsync(partnerA);
        var before = await SnapshotAsync(access, partnerB);
        var failures = new List<string>();
        var called = 0;

        foreach (var function in HttpFunctions.Where(f => Classify(f) == Audience.Partner))
        {
            foreach (var method in function.Methods)
            {
                var client = new UnusedDurableTaskClient();
                var response = await access.InvokeAsync(function, method, values, AccessApi.Bearer(keyA), client);
                called++;
                if (response.Status is not (403 or 404) || client.Calls > 0)
                {
                    failures.Add($"{method} {function.Route} ({function.Name}) as partner A on B: {ResponseText.Describe(response)}, engine calls {client.Calls}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(called >= 9, $"Only {called} partner calls were made: the catalog lost routes.");
        Assert.Equal(before, await SnapshotAsync(access, partnerB));
    }

    [Fact]
    public async Task PartnerRoutes_OwnCredential_AreServed()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var (_, partnerB, values) = await SeedAsync(access);
        var (keyB, _) = await access.IssueKeyAsync(partnerB);
        var failures = new List<string>();

        // Reads that need no engine: partner B's own key gets its data (so the 404s above are about access, not absence).
        foreach (var function in HttpFunctions.Where(f => Classify(f) == Audience.Partner && f.Methods.SequenceEqual(["GET"]) && !UsesEngine(f)))
        {
            var response = await access.InvokeAsync(function, "GET", values, AccessApi.Bearer(keyB), new UnusedDurableTaskClient());
            if (response.Status != 200)
            {
                failures.Add($"GET {function.Route} ({function.Name}) as partner B: {ResponseText.Describe(response)}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task PartnerAndStaffRoutes_NoCredential_Return401WithBearerChallenge()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var (_, _, values) = await SeedAsync(access);
        var failures = new List<string>();

        foreach (var function in HttpFunctions.Where(f => Classify(f) is Audience.Partner or Audience.Staff))
        {
            foreach (var method in function.Methods)
            {
                var client = new UnusedDurableTaskClient();
                var response = await access.InvokeAsync(function, method, values, null, client);
                if (response.Status != 401 || !response.Headers.WWWAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal)
                    || response.ContentType != "application/problem+json" || client.Calls > 0)
                {
                    failures.Add($"{method} {function.Route} ({function.Name}) without a key: {ResponseText.Describe(response)}, WWW-Authenticate '{response.Headers.WWWAuthenticate}'");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task StaffRoutes_PartnerCredential_Return403()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var (partnerA, _, values) = await SeedAsync(access);
        var (keyA, _) = await access.IssueKeyAsync(partnerA);
        var failures = new List<string>();
        var called = 0;

        foreach (var function in HttpFunctions.Where(f => Classify(f) == Audience.Staff))
        {
            foreach (var method in function.Methods)
            {
                // The staff routes about a partner are refused to that very partner too.
                foreach (var partner in new[] { values["partnerId"], partnerA })
                {
                    var routeValues = new Dictionary<string, string>(values) { ["partnerId"] = partner };
                    var client = new UnusedDurableTaskClient();
                    var response = await access.InvokeAsync(function, method, routeValues, AccessApi.Bearer(keyA), client);
                    called++;
                    if (response.Status != 403 || client.Calls > 0)
                    {
                        failures.Add($"{method} {function.Route} ({function.Name}) with a partner key: {ResponseText.Describe(response)}");
                    }
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(called >= 2 * 18, $"Only {called} staff calls were made: the catalog lost routes.");
    }

    [Fact]
    public async Task AnonymousRoutes_OpenApiDocument_IsServedWithoutCredential()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var function = Assert.Single(HttpFunctions, f => f.Name == "GetOpenApiDocument");

        var response = await access.InvokeAsync(function, "GET", new Dictionary<string, string>(), null, new UnusedDurableTaskClient());

        Assert.Equal(200, response.Status);
    }

    private static Audience Classify(HttpFunctionInfo function) =>
        Table.TryGetValue(Template(function.Route), out var audience)
            ? audience
            : throw new Xunit.Sdk.XunitException($"Route '{function.Route}' ({function.Name}) has no entry in ApiRouteTable.");

    private static Audience Of(RouteAudience audience) => audience switch
    {
        RouteAudience.PartnerOwn => Audience.Partner,
        RouteAudience.Staff => Audience.Staff,
        RouteAudience.Anonymous or RouteAudience.ApprovalLinkToken => Audience.Anonymous,
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    private static bool UsesEngine(HttpFunctionInfo function) =>
        function.Method.GetParameters().Any(p => p.ParameterType == typeof(Microsoft.DurableTask.Client.DurableTaskClient));

    // Partners A and B; B has a person, a revenue line, a reference, a credential and a principal, so "not found" for A
    // is about access, not absence.
    private static async Task<(string A, string B, Dictionary<string, string> Values)> SeedAsync(AccessApi access)
    {
        var partnerA = await access.NewPartnerAsync("a");
        var partnerB = await access.NewPartnerAsync("b");
        var staff = AccessApi.Staff;
        var person = await access.CallAsync(r => PartnersFunctions.PutPerson(r, partnerB, "person1"), "PUT", $"/api/partners/{partnerB}/people/person1", """{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[]}""", staff);
        var revenue = await access.CallAsync(r => PartnersFunctions.PutRevenue(r, partnerB, "line1"), "PUT", $"/api/partners/{partnerB}/revenue/line1", """{"competencyId":"endpoint-security-ent","period":"2026-01","amount":1000,"currency":"EUR"}""", staff);
        var reference = await access.CallAsync(r => PartnersFunctions.PutReference(r, partnerB, "ref1"), "PUT", $"/api/partners/{partnerB}/references/ref1", """{"competencyId":"endpoint-security-ent","customerName":"Client","customerMarket":"enterprise","satisfaction":4.5}""", staff);
        Assert.True(person.Status is 200 or 201, ResponseText.Describe(person));
        Assert.True(revenue.Status is 200 or 201, ResponseText.Describe(revenue));
        Assert.True(reference.Status is 200 or 201, ResponseText.Describe(reference));
        var (_, credentialB) = await access.IssueKeyAsync(partnerB);
        var objectId = Guid.NewGuid().ToString("D");
        var mapped = await access.CallAsync(r => AccessFunctions.MapPartnerPrincipal(r, partnerB, objectId), "PUT", $"/api/staff/partners/{partnerB}/principals/{objectId}", null, staff);
        Assert.Equal(200, mapped.Status);

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerId"] = partnerB,
            ["personId"] = "person1",
            ["lineId"] = "line1",
            ["referenceId"] = "ref1",
            ["competencyId"] = "endpoint-security-ent",
            ["credentialId"] = credentialB,
            ["objectId"] = objectId,
            ["approvalId"] = "approval-1",
            ["id"] = "partner-program",
            ["version"] = "1",
            ["kind"] = "reevaluation",
            ["instanceId"] = "reeval-20260101",
            ["fileName"] = "summary.json",
            ["day"] = "2026-12-04",
        };
        return (partnerA, partnerB, values);
    }

    // What partner B's data looks like (profile ETag, evidence, credentials), to prove A's refused calls changed nothing.
    private static async Task<string> SnapshotAsync(AccessApi access, string partnerId)
    {
        var partners = access.Api.Get<IPartnerRepository>();
        var snapshot = await partners.GetSnapshotAsync(partnerId);
        var credentials = await access.Api.Get<IPartnerCredentialRepository>().ListAsync(partnerId);
        var evidence = snapshot!.Evidence;
        return string.Join(
            "|",
            snapshot.Profile.ETag,
            string.Join(",", evidence.People.Select(p => p.Id + ":" + p.Name)),
            string.Join(",", evidence.Revenue.Select(l => l.Id + ":" + l.Amount)),
            string.Join(",", evidence.References.Select(r => r.Id + ":" + r.CustomerName + ":" + r.State)),
            string.Join(",", credentials.Select(c => c.CredentialId + ":" + c.IsRevoked)));
    }

    private static string Template(string route) =>
        Constraint().Replace(route, m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex Constraint();
}
