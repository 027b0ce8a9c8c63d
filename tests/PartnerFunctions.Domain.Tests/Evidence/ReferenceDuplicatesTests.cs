using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Tests.Evidence;

public sealed class ReferenceDuplicatesTests
{
    [Theory]
    [InlineData("Mairie de Lorient", "mairie de lorient")]
    [InlineData("  MAIRIE  DE LORIENT. ", "mairie de lorient")]
    [InlineData("Équipe Sud SAS", "equipe sud")]
    [InlineData("Hôtel l'Étoile", "hotel l etoile")]
    [InlineData("Hotel L’Etoile S.A.", "hotel l etoile")]
    [InlineData("Müller GmbH", "muller")]
    [InlineData("SAS", "sas")]
    [InlineData("Acme Ltd Inc", "acme")]
    [InlineData("Acme 2", "acme 2")]
    public void NormaliseName_CaseAccentsPunctuationAndLegalForm_Ignored(string name, string expected) =>
        Assert.Equal(expected, ReferenceDuplicates.NormaliseName(name));

    public static TheoryData<string, ReferenceClaim[], string[]> Cases => new()
    {
        { "same customer and competency, two partners", [Claim("p1", "r1", "Mairie de Lorient"), Claim("p2", "r9", "MAIRIE DE LORIENT SAS")], ["p1", "p2"] },
        { "same partner twice", [Claim("p1", "r1", "Mairie de Lorient"), Claim("p1", "r2", "Mairie de Lorient")], [] },
        { "other competency", [Claim("p1", "r1", "Mairie de Lorient"), Claim("p2", "r1", "Mairie de Lorient", "encryption")], [] },
        { "one copy rejected", [Claim("p1", "r1", "Mairie de Lorient"), Claim("p2", "r1", "Mairie de Lorient", state: ReferenceState.Rejected)], [] },
        { "three partners, one twice", [Claim("p3", "r1", "Acme"), Claim("p1", "r1", "ACME"), Claim("p1", "r2", "acme."), Claim("p2", "r1", "Acme Ltd")], ["p1", "p1", "p2", "p3"] },
        { "different customers", [Claim("p1", "r1", "Acme"), Claim("p2", "r1", "Acme 2")], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Find_Claims_ListsOnlyReferencesClaimedByTwoPartnersOrMore(string because, ReferenceClaim[] claims, string[] partners)
    {
        var found = ReferenceDuplicates.Find(claims);

        Assert.True(partners.Length == 0 ? found.Count == 0 : found.Count == 1, because);
        Assert.Equal(partners, found.SelectMany(d => d.Claims).Select(c => c.PartnerId));
    }

    private static ReferenceClaim Claim(string partnerId, string referenceId, string customer, string competencyId = "endpoint-security-ent", ReferenceState state = ReferenceState.Approved) =>
        new(partnerId, partnerId.ToUpperInvariant(), referenceId, competencyId, customer, state);
}
