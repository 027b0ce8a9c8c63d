using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Partners;

/// <summary>A person's email and certificate ids, and the exclusion a resolved duplicate leaves beside the person.</summary>
public sealed class PersonStorageTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    private IPartnerRepository Partners => Storage.Get<IPartnerRepository>();

    [Fact]
    public async Task UpsertPeople_EmailAndCertificateIds_ReadBack()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        var person = new Person("camille", "Camille", Start, null, [new Accreditation("encryption", Start, null) { CertificateId = "CERT-1" }, new Accreditation("encryption", Start.AddDays(1), null)])
        {
            Email = "camille@example.fr",
        };

        await Partners.UpsertPeopleAsync(id, [person, new Person("julien", "Julien", Start, null, [])]);

        var stored = await Partners.GetPersonAsync(id, "camille");
        Assert.NotNull(stored);
        Assert.Equal("camille@example.fr", stored.Email);
        Assert.Equal(["CERT-1", null], stored.Accreditations.Select(a => a.CertificateId));
        Assert.Null(stored.DuplicateOf);
        Assert.Null((await Partners.GetPersonAsync(id, "julien"))!.Email);
        Assert.Null(await Partners.GetPersonAsync(id, "absent"));
    }

    [Fact]
    public async Task ExcludePerson_ThenPersonRewritten_ExclusionStaysAndFirstOneWins()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        var person = new Person("camille", "Camille", Start, null, [new Accreditation("encryption", Start, null)]) { Email = "camille@example.fr" };
        await Partners.UpsertPeopleAsync(id, [person]);
        var at = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.True(await Partners.ExcludePersonAsync(id, new PersonExclusion("camille", "keeper-1", "email|camille@example.fr", "staff:s1", at)));
        Assert.False(await Partners.ExcludePersonAsync(id, new PersonExclusion("camille", "keeper-2", "email|camille@example.fr", "staff:s2", at)));
        await Partners.UpsertPeopleAsync(id, [person with { Name = "Camille Martin" }]);

        Assert.Equal("keeper-1", (await Partners.GetPersonAsync(id, "camille"))!.DuplicateOf);
        var snapshot = await Partners.GetSnapshotAsync(id);
        var listed = Assert.Single(snapshot!.Evidence.People);
        Assert.Equal("Camille Martin", listed.Name);
        Assert.Equal("keeper-1", listed.DuplicateOf);
        Assert.False(listed.Counts);
    }

    [Fact]
    public async Task MergeAccreditations_ReportWithoutCertificateId_KeepsEmailAndCertificateId()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        await Partners.UpsertPeopleAsync(id, [new Person("camille", "Camille", Start, null, [new Accreditation("encryption", Start, null) { CertificateId = "C1" }]) { Email = "camille@example.fr" }]);

        await Partners.MergeAccreditationsAsync(id, [new PersonAccreditations("camille", "Camille", null, [new Accreditation("encryption", Start, Start.AddYears(3))])]);

        var stored = await Partners.GetPersonAsync(id, "camille");
        Assert.Equal("camille@example.fr", stored!.Email);
        var accreditation = Assert.Single(stored.Accreditations);
        Assert.Equal("C1", accreditation.CertificateId);
        Assert.Equal(Start.AddYears(3), accreditation.ExpiresOn);
    }
}
