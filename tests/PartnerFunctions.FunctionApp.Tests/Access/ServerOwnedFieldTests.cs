using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>
/// Fields the server owns (tier, competency levels, validation states, decisions) cannot be set through any write
/// endpoint's JSON body: each one is refused with 400 naming the field, and nothing is written.
/// </summary>
public sealed class ServerOwnedFieldTests(AzuriteFixture azurite) : ApiTestBase(azurite)
{
    private const string Partner = "owned-fields-partner";

    private static readonly string[] ServerOwnedFields = ["tier", "levels", "validationState", "decisions"];

    // Each write endpoint with a valid body (the server-owned field is added to it) and how to call it.
    private static readonly Dictionary<string, (string Body, Func<HttpRequest, Task<IActionResult>> Call)> Endpoints = new(StringComparer.Ordinal)
    {
        ["PutPartner"] = (PartnerJson(), r => PartnersFunctions.PutPartner(r, Partner)),
        ["PutPerson"] = ("""{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[]}""", r => PartnersFunctions.PutPerson(r, Partner, "person1")),
        ["PutRevenue"] = ("""{"competencyId":"endpoint-security-ent","period":"2026-01","amount":1000,"currency":"EUR"}""", r => PartnersFunctions.PutRevenue(r, Partner, "line1")),
        ["PutReference"] = ("""{"competencyId":"endpoint-security-ent","customerName":"Client","customerMarket":"enterprise","satisfaction":4.5}""", r => PartnersFunctions.PutReference(r, Partner, "ref1")),
        ["StartCertification"] = ("""{"requestedBy":"someone"}""", r => CertificationFunctions.StartCertification(r, new UnusedDurableTaskClient(), Partner, "endpoint-security-ent")),
        ["StartReevaluation"] = ("""{"date":"2026-03-01"}""", r => ReevaluationFunctions.StartReevaluation(r, new UnusedDurableTaskClient())),
        ["StartMigration"] = ("""{"sendEmails":false}""", r => MigrationFunctions.StartMigration(r, new UnusedDurableTaskClient())),
        ["StartWhatIf"] = (ProgramDefinitionLoader.DefaultJson(), r => WhatIfFunctions.StartWhatIf(r, new UnusedDurableTaskClient())),
        ["ValidateDefinition"] = (ProgramDefinitionLoader.DefaultJson(), DefinitionsFunctions.ValidateDefinition),
        ["PostDefinition"] = (ProgramDefinitionLoader.DefaultJson(), DefinitionsFunctions.PostDefinition),
        ["DecideApproval"] = ("""{"approve":true,"comment":"ok"}""", r => ApprovalsFunctions.DecideApproval(r, new UnusedDurableTaskClient(), "approval-1")),
        ["IssuePartnerCredential"] = ("""{"label":"ERP"}""", r => AccessFunctions.IssuePartnerCredential(r, Partner)),
        ["ResolveDuplicate"] = ("""{"key":"endpoint-security-ent|acme","keeperPartnerId":"p1"}""", DuplicatesFunctions.ResolveDuplicate),
        ["RequestTierOverride"] = ("""{"tier":"gold","reason":"Strategic account decision","endsOn":"2099-01-01"}""", r => TierOverrideFunctions.RequestTierOverride(r, Partner)),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints.Keys)
        {
            foreach (var field in ServerOwnedFields)
            {
                data.Add(endpoint, field);
            }
        }

        return data;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.ActivateDefaultDefinitionAsync();
        // Tables are shared by the tests of this class: the partner exists after the first test.
        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, Partner), "PUT", $"/api/partners/{Partner}", PartnerJson());
        Assert.True(put.Status is 200 or 201, put.Body);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WriteEndpoint_ServerOwnedField_Returns400NamingTheField(string endpoint, string field)
    {
        var (body, call) = Endpoints[endpoint];
        var withField = body.TrimEnd()[..^1] + $$""","{{field}}":"platinum"}""";
        var before = await Api.Get<PartnerFunctions.Domain.Persistence.IPartnerRepository>().GetSnapshotAsync(Partner);

        var response = await CallAsync(call, "POST", "/api/any", withField);

        Assert.Equal(400, response.Status);
        Assert.Contains(response.ErrorFields, f => f == field || f.EndsWith("." + field, StringComparison.Ordinal) || f.EndsWith("/" + field, StringComparison.Ordinal));
        var after = await Api.Get<PartnerFunctions.Domain.Persistence.IPartnerRepository>().GetSnapshotAsync(Partner);
        Assert.Equal(before!.Profile.ETag, after!.Profile.ETag);
        Assert.Equal(before.Evidence, after.Evidence, EvidenceComparer.Instance);
    }

    [Fact]
    public void Endpoints_CoverEveryHttpFunctionThatTakesAJsonBody()
    {
        // Every POST/PUT function except those whose body is not JSON (CSV imports, document uploads, the approval
        // page's form) or that take no body (activation, principal mapping, the search index rebuild).
        string[] noJsonBody = ["ImportRevenue", "ImportAccreditations", "PostReferenceDocument", "AnswerApprovalLink", "OpenApprovalLinkDocument", "ActivateDefinition", "MapPartnerPrincipal", "RebuildSearchIndex"];
        var writes = PartnerFunctions.FunctionApp.Hosting.FunctionCatalog.ApiFunctions(typeof(Program).Assembly)
            .Where(f => f.Methods.Any(m => m is "POST" or "PUT" or "PATCH"))
            .Select(f => f.Name)
            .Except(noJsonBody)
            .Order(StringComparer.Ordinal);

        Assert.Equal(writes, Endpoints.Keys.Order(StringComparer.Ordinal));
    }

    private sealed class EvidenceComparer : IEqualityComparer<Domain.Evidence.PartnerEvidence>
    {
        public static readonly EvidenceComparer Instance = new();

        public bool Equals(Domain.Evidence.PartnerEvidence? x, Domain.Evidence.PartnerEvidence? y) =>
            x is not null && y is not null && x.People.Count == y.People.Count && x.Revenue.SequenceEqual(y.Revenue) && x.References.SequenceEqual(y.References);

        public int GetHashCode(Domain.Evidence.PartnerEvidence obj) => obj.People.Count;
    }
}
