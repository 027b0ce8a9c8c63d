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

    [Fact]
    public async Task Decide_ManyConcurrentAnswersWithOneETag_ExactlyOneWins()
    {
        var approvals = Storage.Get<IApprovalRepository>();
        var request = new ApprovalRequest(NewId("approval"), "reference", "fr-000002", "staff@example.com", new string('b', 64), "cert-fr-000002-encryption", "{}", At, At.AddDays(7), ApprovalStatus.Pending, null, null, null, string.Empty);
        var created = await approvals.CreateAsync(request);

        // The approval link's single use rests on this: every answer carries the ETag of the row it read.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                return await approvals.DecideAsync(request.ApprovalId, i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, $"approver-{i}", At.AddHours(1), null, created.ETag);
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        }));

        var winner = Assert.Single(answers, a => a is not null)!;
        var stored = (await approvals.GetAsync(request.ApprovalId))!;
        Assert.Equal((winner.Status, winner.DecidedBy, winner.ETag), (stored.Status, stored.DecidedBy, stored.ETag));
    }

    [Fact]
    public async Task Decide_AfterTheRowChanged_ConflictsAndKeepsTheRow()
    {
        var approvals = Storage.Get<IApprovalRepository>();
        var request = new ApprovalRequest(NewId("approval"), "reference", "fr-000003", "staff@example.com", new string('c', 64), null, "{}", At, At.AddDays(7), ApprovalStatus.Pending, null, null, null, string.Empty);
        var created = await approvals.CreateAsync(request);
        var closed = await approvals.DecideAsync(request.ApprovalId, ApprovalStatus.Expired, "system", At.AddDays(8), "Expired unanswered.", created.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => approvals.DecideAsync(request.ApprovalId, ApprovalStatus.Approved, "staff@example.com", At.AddDays(8), null, closed.ETag));

        Assert.Equal(closed, await approvals.GetAsync(request.ApprovalId));
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        Assert.Null(await Storage.Get<IApprovalRepository>().GetAsync(NewId("approval")));
    }
}
