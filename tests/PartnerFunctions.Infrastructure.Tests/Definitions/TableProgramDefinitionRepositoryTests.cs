using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Definitions;

public sealed class TableProgramDefinitionRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static DateTimeOffset At => new(2026, 9, 1, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task StoreActivateSwitch_WithPointerETag_AndStaleTokenConflicts()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var definitions = storage.Get<IProgramDefinitionRepository>();
        var v1 = TestData.Definition;
        var v2 = WithVersion(v1, v1.Version + 1, "Gold needs 600k");

        Assert.Null(await definitions.GetActiveAsync());
        var stored1 = await definitions.StoreVersionAsync(v1, "staff@example.com", At);
        await definitions.StoreVersionAsync(v2, "staff@example.com", At.AddDays(1));

        var firstToken = await definitions.ActivateAsync(v1.Id, v1.Version, expectedPointerETag: null, "staff@example.com", At);
        var active = await definitions.GetActiveAsync();
        Assert.Equal(v1.VersionTag, active!.Stored.Definition.VersionTag);
        Assert.Equal(firstToken, active.PointerETag);
        Assert.Equal(ProgramDefinitionLoader.ToJson(v1), active.Stored.Json);
        Assert.Equal(At, active.Stored.StoredAt);
        Assert.Equal($"{v1.Id}/v{v1.Version}.json", stored1.BlobName);

        // Two staff members switch from the same state: the first wins, the second gets a conflict.
        await definitions.ActivateAsync(v2.Id, v2.Version, active.PointerETag, "alice@example.com", At.AddDays(2));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => definitions.ActivateAsync(v1.Id, v1.Version, active.PointerETag, "bob@example.com", At.AddDays(2)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => definitions.ActivateAsync(v1.Id, v1.Version, null, "bob@example.com", At.AddDays(2)));
        var now = await definitions.GetActiveAsync();
        Assert.Equal(v2.VersionTag, now!.Stored.Definition.VersionTag);
        Assert.Equal("alice@example.com", now.ActivatedBy);
        Assert.Equal("Gold needs 600k", now.Stored.Definition.Description);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => definitions.ActivateAsync(v1.Id, 99, now.PointerETag, "bob@example.com", At));
    }

    [Fact]
    public async Task StoreVersion_SameAgain_IsIdempotent_DifferentContentConflicts_AndBlobHoldsJson()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var definitions = storage.Get<IProgramDefinitionRepository>();
        var files = storage.Get<IProgramDefinitionFileStore>();
        var v1 = TestData.Definition;

        var first = await definitions.StoreVersionAsync(v1, "staff@example.com", At);
        var again = await definitions.StoreVersionAsync(v1, "someone@example.com", At.AddHours(1));
        var changed = WithVersion(v1, v1.Version, "edited in place");

        Assert.Equal(first.StoredBy, again.StoredBy);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => definitions.StoreVersionAsync(changed, "staff@example.com", At));
        Assert.Equal(first.Json, await files.ReadAsync(v1.Id, v1.Version));
        var listed = Assert.Single(await definitions.ListVersionsAsync());
        Assert.Equal((v1.Id, v1.Version, "staff@example.com"), (listed.Id, listed.Version, listed.StoredBy));
        Assert.Null(await definitions.GetVersionAsync(v1.Id, 42));
    }

    private static ProgramDefinition WithVersion(ProgramDefinition definition, int version, string description)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ProgramDefinitionLoader.ToJson(definition))!;
        node["version"] = version;
        node["description"] = description;
        return ProgramDefinitionLoader.LoadOrThrow(node.ToJsonString());
    }
}
