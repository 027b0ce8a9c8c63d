using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Access;

public sealed class TablePartnerCredentialRepositoryTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static DateTimeOffset At => new(2026, 10, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddGetList_ReturnsTheStoredCredentialOfThatPartnerOnly()
    {
        var credentials = Storage.Get<IPartnerCredentialRepository>();
        var partner = NewId("p");
        var first = Credential(partner, "ERP");
        var second = Credential(partner, null) with { IssuedAt = At.AddHours(1) };
        await credentials.AddAsync(first);
        await credentials.AddAsync(second);
        await credentials.AddAsync(Credential(NewId("other"), null));

        var stored = await credentials.GetAsync(first.CredentialId);
        var listed = await credentials.ListAsync(partner);

        Assert.Equal(first, stored);
        Assert.Equal([first.CredentialId, second.CredentialId], listed.Select(c => c.CredentialId));
        Assert.Null(await credentials.GetAsync(NewHexId()));
    }

    [Fact]
    public async Task Add_ExistingId_ThrowsConflict()
    {
        var credentials = Storage.Get<IPartnerCredentialRepository>();
        var credential = Credential(NewId("p"), null);
        await credentials.AddAsync(credential);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => credentials.AddAsync(credential with { PartnerId = "someone-else" }));
        Assert.Equal(credential.PartnerId, (await credentials.GetAsync(credential.CredentialId))!.PartnerId);
    }

    [Fact]
    public async Task Revoke_Twice_KeepsTheFirstRevocation()
    {
        var credentials = Storage.Get<IPartnerCredentialRepository>();
        var credential = Credential(NewId("p"), null);
        await credentials.AddAsync(credential);

        var first = await credentials.RevokeAsync(credential.CredentialId, "alice", At.AddDays(1));
        var second = await credentials.RevokeAsync(credential.CredentialId, "bob", At.AddDays(2));
        var missing = await credentials.RevokeAsync(NewHexId(), "alice", At);

        Assert.True(first!.IsRevoked);
        Assert.Equal(("alice", At.AddDays(1)), (second!.RevokedBy, second.RevokedAt!.Value));
        Assert.Equal(second, await credentials.GetAsync(credential.CredentialId));
        Assert.Null(missing);
    }

    [Fact]
    public async Task MapPrincipal_ReplacesEarlierMappingAndUnmapRemovesIt()
    {
        var credentials = Storage.Get<IPartnerCredentialRepository>();
        var objectId = Guid.NewGuid().ToString("D");

        await credentials.MapPrincipalAsync(new PartnerPrincipal(objectId, "partner-a", At, "alice"));
        await credentials.MapPrincipalAsync(new PartnerPrincipal(objectId.ToUpperInvariant(), "partner-b", At.AddHours(1), "bob"));
        var mapped = await credentials.GetPrincipalAsync(objectId.ToUpperInvariant());
        var removed = await credentials.UnmapPrincipalAsync(objectId);
        var removedAgain = await credentials.UnmapPrincipalAsync(objectId);

        Assert.Equal(new PartnerPrincipal(objectId, "partner-b", At.AddHours(1), "bob"), mapped);
        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.Null(await credentials.GetPrincipalAsync(objectId));
    }

    private static PartnerCredential Credential(string partnerId, string? label) =>
        new(NewHexId(), partnerId, new string('c', 64), label, At, "alice", null, null);

    private static string NewHexId() => Guid.NewGuid().ToString("N")[..24];
}
