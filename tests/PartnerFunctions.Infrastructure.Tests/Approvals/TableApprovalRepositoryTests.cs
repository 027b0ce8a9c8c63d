using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Approvals;

public sealed class TableApprovalRepositoryTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static DateTimeOffset At => new(2026, 10, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateDecide_SecondAnswerConflicts()
    {
        var approvals = Storage.Get<IApprovalRepository>();
        var request = new ApprovalRequest(NewId("approval"), "downgrade", "fr-000001", "staff@example.com", new string('a', 64), "reeval-20261002", """{"from":"Gold","to":"Silver"}""", At, At.AddDays(14), ApprovalStatus.Pending, null, null, null, string.Empty);

        var created = await approvals.CreateAsync(request);
        var again = await approvals.CreateAsync(request with { Approver = "other@example.com" });
        Assert.Equal("staff@example.com", again.Approver);
        Assert.Equal(created.ETag, again.ETag);

        var decided = await approvals.DecideAsync(request.ApprovalId, ApprovalStatus.Rejected, "staff@example.com", At.AddHours(3), "keep Gold", created.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => approvals.DecideAsync(request.ApprovalId, ApprovalStatus.Approved, "boss@example.com", At.AddHours(4), null, created.ETag));

        var stored = await approvals.GetAsync(request.ApprovalId);
        Assert.Equal(decided with { ETag = stored!.ETag }, stored);
        Assert.Equal((ApprovalStatus.Rejected, "keep Gold"), (stored.Status, stored.Comment));
        Assert.Equal(request.PayloadJson, stored.PayloadJson);
    }
}
