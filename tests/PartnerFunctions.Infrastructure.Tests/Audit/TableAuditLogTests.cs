using System.Reflection;
using System.Text.RegularExpressions;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Audit;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Audit;

public sealed partial class TableAuditLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Day = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(string id, int minute, string? partnerId = "p-1", string actor = "staff:ana") =>
        new(id, Day.AddMinutes(minute), actor, "PutPerson", partnerId, "person x", null, "{\"name\":\"Inès\"}", "trace-" + id, 200);

    [Fact]
    public async Task AppendAsync_LinesOfPartnersAndDays_ListedPerPartnerAndPerDayNewestFirstInPages()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var log = storage.Get<IAuditLog>();
        await log.AppendAsync(Entry("a", 1));
        await log.AppendAsync(Entry("b", 2, partnerId: "p-2"));
        await log.AppendAsync(Entry("c", 3, partnerId: null, actor: "timer"));
        await log.AppendAsync(Entry("d", 4));
        await log.AppendAsync(Entry("e", 60 * 24 + 5)); // the next day

        var first = await log.ListDayAsync(DateOnly.FromDateTime(Day.UtcDateTime), 3, null);
        var second = await log.ListDayAsync(DateOnly.FromDateTime(Day.UtcDateTime), 3, first.ContinuationToken);
        Assert.Equal(["d", "c", "b", "a"], first.Items.Concat(second.Items).Select(e => e.Id));
        Assert.Null(second.ContinuationToken);

        var partner = await log.ListPartnerAsync("p-1", 10, null);
        Assert.Equal(["e", "d", "a"], partner.Items.Select(e => e.Id));
        Assert.Equal(Entry("a", 1), partner.Items[^1]);
        Assert.Empty((await log.ListPartnerAsync("p-3", 10, null)).Items);
    }

    [Fact]
    public async Task AppendAsync_SameIdAgainWithOtherContent_KeepsTheFirstLine()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var log = storage.Get<IAuditLog>();
        var original = Entry("same", 7);
        await log.AppendAsync(original);
        await log.AppendAsync(original with { Actor = "staff:mallory", After = "{\"name\":\"forged\"}" });

        Assert.Equal([original], (await log.ListPartnerAsync("p-1", 10, null)).Items);
        Assert.Equal([original], (await log.ListDayAsync(DateOnly.FromDateTime(Day.UtcDateTime), 10, null)).Items);
    }

    [Fact]
    public void AuditLog_Interface_OffersNoWayToChangeOrRemoveALine()
    {
        var methods = typeof(IAuditLog).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["AppendAsync", "ListDayAsync", "ListPartnerAsync"], methods);
        Assert.Equal(typeof(IAuditLog).GetMethods().Length, typeof(TableAuditLog).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Length);
    }

    [Fact]
    public void AuditTables_InTheProductSources_AreOnlyInsertedIntoAndQueried()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        var touching = sources.Where(f => AuditTableName().IsMatch(File.ReadAllText(f))).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["StorageNames.cs", "TableAuditLog.cs"], touching);

        var adapter = File.ReadAllText(sources.Single(f => Path.GetFileName(f) == "TableAuditLog.cs"));
        Assert.Empty(Mutation().Matches(adapter));
        Assert.Contains("AddEntityAsync", adapter, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PartnerFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PartnerFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"AuditBy(Partner|Day)\b")]
    private static partial Regex AuditTableName();

    [GeneratedRegex(@"Upsert|UpdateEntity|DeleteEntity|SubmitTransaction|DeleteAsync|TableTransactionAction|Delete\(|\.Delete")]
    private static partial Regex Mutation();
}
