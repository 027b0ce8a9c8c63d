using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Tests.Evidence;

public sealed class PersonDuplicatesTests
{
    private static readonly DateOnly Jan1 = new(2025, 1, 1);

    [Theory]
    [InlineData(" Camille.Martin@Example.FR ", "camille.martin@example.fr")]
    [InlineData("camille@example.fr", "camille@example.fr")]
    public void NormaliseEmail_CaseAndSpaces_Ignored(string email, string expected) =>
        Assert.Equal(expected, PersonDuplicates.NormaliseEmail(email));

    [Theory]
    [InlineData("ab-12 34", "AB1234")]
    [InlineData(" AB1234 ", "AB1234")]
    [InlineData("ab--12--34", "AB1234")]
    [InlineData("x9", "X9")]
    public void NormaliseCertificateId_CaseSpacesAndDashes_Ignored(string certificateId, string expected) =>
        Assert.Equal(expected, PersonDuplicates.NormaliseCertificateId(certificateId));

    public static TheoryData<string, PersonClaim[], string[]> Cases => new()
    {
        { "same email, both still employed", [Claim("p1", "a", "Camille@Example.fr"), Claim("p2", "b", " camille@example.FR")], ["p1/a", "p2/b"] },
        { "same certificate, written differently", [Claim("p1", "a", certificates: ["ab-1234"]), Claim("p2", "b", certificates: ["AB 1234"])], ["p1/a", "p2/b"] },
        { "same partner twice", [Claim("p1", "a", "c@example.fr"), Claim("p1", "b", "c@example.fr")], [] },
        { "different emails and certificates", [Claim("p1", "a", "c@example.fr", ["X1"]), Claim("p2", "b", "d@example.fr", ["X2"])], [] },
        { "no identity at all", [Claim("p1", "a"), Claim("p2", "b")], [] },
        { "touching days overlap", [Claim("p1", "a", "c@example.fr", to: Jan1.AddDays(9)), Claim("p2", "b", "c@example.fr", from: Jan1.AddDays(9))], ["p1/a", "p2/b"] },
        { "one-day gap does not", [Claim("p1", "a", "c@example.fr", to: Jan1.AddDays(9)), Claim("p2", "b", "c@example.fr", from: Jan1.AddDays(10))], [] },
        { "open end runs on", [Claim("p1", "a", "c@example.fr", from: Jan1.AddYears(-5)), Claim("p2", "b", "c@example.fr", from: Jan1.AddYears(3))], ["p1/a", "p2/b"] },
        { "later start before the other's end", [Claim("p2", "b", "c@example.fr", from: Jan1.AddDays(5), to: Jan1.AddDays(6)), Claim("p1", "a", "c@example.fr", to: Jan1.AddDays(30))], ["p1/a", "p2/b"] },
        {
            "linked through a third claim: email with one, certificate with the other",
            [Claim("p1", "a", "c@example.fr"), Claim("p2", "b", "c@example.fr", ["Z-9"]), Claim("p3", "c", certificates: ["z9"])],
            ["p1/a", "p2/b", "p3/c"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Find_Claims_ListsPeopleClaimedByTwoPartnersOverOverlappingEmployment(string because, PersonClaim[] claims, string[] expected)
    {
        var found = PersonDuplicates.Find(claims);

        Assert.True(expected.Length == 0 ? found.Count == 0 : found.Count == 1, because);
        Assert.Equal(expected, found.SelectMany(d => d.Claims).Select(c => c.PartnerId + "/" + c.PersonId));
    }

    [Fact]
    public void Find_EmailAndCertificateBothShared_OneDuplicateMatchedOnBoth()
    {
        var found = PersonDuplicates.Find([Claim("p1", "a", "c@example.fr", ["K1"]), Claim("p2", "b", "C@example.fr", ["k-1"])]);

        var duplicate = Assert.Single(found);
        Assert.Equal(["certificate|K1", "email|c@example.fr"], duplicate.MatchedOn);
        Assert.Equal("certificate|K1", duplicate.Key);
    }

    [Fact]
    public void Find_TwoSeparatePeople_TwoDuplicatesInKeyOrder()
    {
        var found = PersonDuplicates.Find([Claim("p1", "a", "z@example.fr"), Claim("p2", "b", "z@example.fr"), Claim("p1", "c", "a@example.fr"), Claim("p3", "d", "a@example.fr")]);

        Assert.Equal(["email|a@example.fr", "email|z@example.fr"], found.Select(d => d.Key));
    }

    [Fact]
    public void Of_PersonGivenToAnotherPartner_ClaimsNothing()
    {
        var person = new Person("a", "Camille", Jan1, null, []) { Email = "c@example.fr", DuplicateOf = "p2" };

        Assert.Null(PersonClaim.Of("p1", "P1", person));
    }

    [Fact]
    public void Of_PersonWithCertificates_ClaimsEachCertificateOnce()
    {
        var person = new Person("a", "Camille", Jan1, null, [
            new Accreditation("endpoint-security-ent", Jan1, null) { CertificateId = "C1" },
            new Accreditation("encryption", Jan1, null) { CertificateId = "C1" },
            new Accreditation("encryption", Jan1.AddDays(1), null)]);

        var claim = PersonClaim.Of("p1", "P1", person);

        Assert.NotNull(claim);
        Assert.Equal(["C1"], claim.CertificateIds);
        Assert.Null(claim.Email);
    }

    private static PersonClaim Claim(string partnerId, string personId, string? email = null, string[]? certificates = null, DateOnly? from = null, DateOnly? to = null) =>
        new(partnerId, partnerId.ToUpperInvariant(), personId, "Camille Martin", email, certificates ?? [], from ?? Jan1, to);
}
