using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.WorkflowRuns;

public sealed class TableWorkflowRunRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static DateTimeOffset At => new(2026, 10, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ConcurrentProgressUpdates_AreRetried_NoUpdateLost_AndRunsListedByKind()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var runs = storage.Get<IWorkflowRunRepository>();
        var run = new WorkflowRun(WorkflowRunKind.Reevaluation, "reeval-20261001", "timer", At, WorkflowRunStatus.Running, new RunProgress(0, 1500, "evaluating"), null, [], 0, null, string.Empty);
        var created = await runs.CreateAsync(run);
        Assert.Equal(created.ETag, (await runs.CreateAsync(run with { StartedBy = "again" })).ETag);

        // Ten activities each report a page of 150 partners at the same time.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            runs.UpdateAsync(WorkflowRunKind.Reevaluation, run.InstanceId, r => r with { Progress = r.Progress with { Done = r.Progress.Done + 150 }, Failures = r.Failures + 1 })));

        var done = await runs.GetAsync(WorkflowRunKind.Reevaluation, run.InstanceId);
        Assert.Equal((1500, 10), (done!.Progress.Done, done.Failures));

        var completed = await runs.UpdateAsync(done with { Status = WorkflowRunStatus.Completed, Outcome = "1,500 evaluated", ReportBlobNames = ["reevaluation/reeval-20261001/summary.csv"], CompletedAt = At.AddMinutes(7) });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => runs.UpdateAsync(done with { Status = WorkflowRunStatus.Failed }));
        Assert.Equal(WorkflowRunStatus.Completed, (await runs.GetAsync(WorkflowRunKind.Reevaluation, run.InstanceId))!.Status);
        Assert.Equal(["reevaluation/reeval-20261001/summary.csv"], completed.ReportBlobNames);

        for (var i = 0; i < 5; i++)
        {
            await runs.CreateAsync(run with { Kind = WorkflowRunKind.WhatIf, InstanceId = $"whatif-{i}" });
        }

        var first = await runs.ListAsync(WorkflowRunKind.WhatIf, 3, null);
        var second = await runs.ListAsync(WorkflowRunKind.WhatIf, 3, first.ContinuationToken);
        Assert.Equal(["whatif-0", "whatif-1", "whatif-2", "whatif-3", "whatif-4"], first.Items.Concat(second.Items).Select(r => r.InstanceId));
        Assert.Null(second.ContinuationToken);
        Assert.Single((await runs.ListAsync(WorkflowRunKind.Reevaluation, 10, null)).Items);
    }
}
