using System.Text;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Importing;

/// <summary>Distributor imports; every test has its own tables (with the default definition active and two partners).</summary>
public sealed class DistributorImporterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string RevenueHeader = "partnerId,competencyId,period,amount,currency,source,lineReference";
    private const string AccreditationHeader = "partnerId,personId,personName,competencyId,completedOn,expiresOn,employedFrom";

    private StorageContext? _storage;

    private StorageContext Storage => _storage!;

    private IDistributorImporter Importer => Storage.Get<IDistributorImporter>();

    private IPartnerRepository Partners => Storage.Get<IPartnerRepository>();

    public async Task InitializeAsync()
    {
        _storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var definitions = Storage.Get<IProgramDefinitionRepository>();
        await definitions.StoreVersionAsync(TestData.Definition, "staff@example.com", DateTimeOffset.UnixEpoch);
        await definitions.ActivateAsync(TestData.Definition.Id, TestData.Definition.Version, null, "staff@example.com", DateTimeOffset.UnixEpoch);
        await Partners.UpsertPartnerAsync(TestData.Partner("fr-000001"));
        await Partners.UpsertPartnerAsync(TestData.Partner("fr-000002"));
    }

    public async Task DisposeAsync() => await Storage.DisposeAsync();

    [Fact]
    public async Task RevenueFile_Good_WrittenPerPartner_SameFileTwiceChangesNothing()
    {
        var file = Csv(
            RevenueHeader,
            "fr-000001,encryption,2026-07,12500.50,EUR,distrib-a,INV-1001",
            "fr-000001,encryption,2026-08,1000,EUR,distrib-a,INV-1002",
            "\"fr-000002\",\"endpoint-management\",2026-08,\"99.99\",EUR,\"distrib, b\",\"INV \"\"7\"\"\"");

        var first = await Import(ImportKind.RevenueLines, file);
        var rowsAfterFirst = await PartnerRows();
        var second = await Import(ImportKind.RevenueLines, file);

        Assert.Equal((ImportStatus.Imported, 3, 2), (first.Status, first.RowCount, first.PartnerCount));
        Assert.Empty(first.Errors);
        Assert.Equal(ImportStatus.AlreadyImported, second.Status);
        Assert.Equal(first.ContentSha256, second.ContentSha256);
        Assert.Equal(rowsAfterFirst, await PartnerRows());

        var one = (await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue;
        Assert.Equal([12500.50m, 1000m], one.OrderBy(r => r.Period).Select(r => r.Amount));
        Assert.Equal("distrib-a:INV-1001", one.OrderBy(r => r.Period).First().Id);
        var two = Assert.Single((await Partners.GetSnapshotAsync("fr-000002"))!.Evidence.Revenue);
        Assert.Equal(("distrib, b:INV \"7\"", 99.99m, new DateOnly(2026, 8, 1)), (two.Id, two.Amount, two.Period));
    }

    [Fact]
    public async Task ListRecentAsync_TwoImportsAndARejectedOne_NewestFirstWithoutTheRejected()
    {
        var first = await Import(ImportKind.RevenueLines, Csv(RevenueHeader, "fr-000001,encryption,2026-07,10,EUR,distrib-a,INV-L1"));
        var second = await Import(ImportKind.RevenueLines, Csv(RevenueHeader, "fr-000001,encryption,2026-07,20,EUR,distrib-a,INV-L2"));
        var rejected = await Import(ImportKind.RevenueLines, Csv(RevenueHeader, "fr-000001,encryption,2026-13,20,EUR,distrib-a,INV-L3"));

        var recent = await Storage.Get<IImportRecordRepository>().ListRecentAsync(10);

        Assert.Equal(ImportStatus.Rejected, rejected.Status);
        Assert.Equal([second.ContentSha256, first.ContentSha256], recent.Select(r => r.ContentSha256));
        Assert.Equal((ImportKind.RevenueLines, 1, 1), (recent[0].Kind, recent[0].RowCount, recent[0].PartnerCount));
        Assert.Equal([second.ContentSha256], (await Storage.Get<IImportRecordRepository>().ListRecentAsync(1)).Select(r => r.ContentSha256));
    }

    [Fact]
    public async Task RevenueFile_SameLinesResentWithOtherBytes_RewritesSameRows()
    {
        await Import(ImportKind.RevenueLines, Csv(RevenueHeader, "fr-000001,encryption,2026-07,10.00,EUR,d,L1"));
        var again = await Import(ImportKind.RevenueLines, Csv(RevenueHeader, "fr-000001, encryption ,2026-07,10.00,EUR,d,L1", string.Empty));

        Assert.Equal(ImportStatus.Imported, again.Status);
        Assert.Single((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue);
    }

    [Fact]
    public async Task RevenueFile_SeveralBadLines_RejectedWholly_EveryBadLineReported_NothingWritten()
    {
        var file = Csv(
            RevenueHeader,
            "fr-000001,encryption,2026-07,12500.50,EUR,distrib-a,INV-1",     // 2: good
            "fr-000001,no-such-competency,2026-13,12 500,USD,distrib-a,INV-2", // 3: competency, period, amount, currency
            "fr-999999,encryption,2026-07,100,EUR,distrib-a,INV-3",          // 4: unknown partner
            "fr-000002,encryption,2026-07,-5,EUR,distrib-a,INV-4",           // 5: amount not positive
            "fr-000002,encryption,2026-07,0,EUR,distrib-a,INV-5",            // 6: amount zero
            "fr-000002,encryption,2026-07,1\u00a0000,EUR,,INV-6",            // 7: amount, source
            "fr-000002,encryption,2026-07,10",                               // 8: missing fields
            "fr-000001,encryption,2026-07,3.5,EUR,distrib-a,INV-1",          // 9: repeats line 2's key
            "fr-000002,encryption,2026-07,1000,EUR,distrib-a,\"INV-10");     // 10: quote never closed

        var result = await Import(ImportKind.RevenueLines, file);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(
            [
                (3, "amount"), (3, "competencyId"), (3, "currency"), (3, "period"),
                (4, "partnerId"),
                (5, "amount"),
                (6, "amount"),
                (7, "amount"), (7, "source"),
                (8, "*"),
                (9, "lineReference"),
                (10, "*"),
            ],
            result.Errors.Select(e => (e.Line, e.Column)).Order());
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Column == "currency" && e.Reason.Contains("EUR", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Reason.Contains("fr-999999", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 9 && e.Reason.Contains("line 2", StringComparison.Ordinal));
        Assert.Empty((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue);
        Assert.Null(await Storage.Get<IImportRecordRepository>().GetAsync(result.ContentSha256));

        // Once fixed, the file goes through.
        var fixedFile = Csv(RevenueHeader, "fr-000001,encryption,2026-07,12500.50,EUR,distrib-a,INV-1");
        Assert.Equal(ImportStatus.Imported, (await Import(ImportKind.RevenueLines, fixedFile)).Status);
    }

    [Fact]
    public async Task AnyFile_WrongHeader_RejectedOnLine1()
    {
        var result = await Import(ImportKind.RevenueLines, Csv("partner;competency;period", "fr-000001;encryption;2026-07"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "*"), (error.Line, error.Column));
        Assert.Contains(RevenueHeader, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccreditationFile_Good_MergedIntoPeople_SameFileTwiceChangesNothing()
    {
        var file = Csv(
            AccreditationHeader,
            "fr-000001,p-17,Léa Petit,encryption,2025-06-01,,2019-03-01",
            "fr-000001,p-17,Léa Petit,endpoint-management,2025-07-01,2027-06-30,",
            "fr-000002,p-3,Hugo Roux,encryption,2025-01-15,,");

        var first = await Import(ImportKind.Accreditations, file);
        var rows = await PartnerRows();
        var second = await Import(ImportKind.Accreditations, file);

        Assert.Equal((ImportStatus.Imported, 3, 2), (first.Status, first.RowCount, first.PartnerCount));
        Assert.Equal(ImportStatus.AlreadyImported, second.Status);
        Assert.Equal(rows, await PartnerRows());
        var lea = Assert.Single((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.People);
        Assert.Equal(("Léa Petit", new DateOnly(2019, 3, 1), 2), (lea.Name, lea.EmployedFrom, lea.Accreditations.Count));
        var hugo = Assert.Single((await Partners.GetSnapshotAsync("fr-000002"))!.Evidence.People);
        Assert.Equal(new DateOnly(2025, 1, 15), hugo.EmployedFrom);
    }

    [Fact]
    public async Task AccreditationFile_BadLines_AllReported_NothingWritten()
    {
        var file = Csv(
            AccreditationHeader,
            "fr-000001,p-1,Léa Petit,encryption,2025-06-01,,",
            "fr-000001,p-1,Lea Petit,endpoint-management,2025-02-28,,", // 3: name differs from line 2
            "fr-000001,,Hugo,encryption,2099-01-01,2098-01-01,",        // 4: personId, future completion, expiry before completion
            "fr-000003,p-2,Inès,legacy-thing,2025-01-01,,01/02/2020",   // 5: partner, competency, employedFrom
            "fr-000002,p-9,Inès,encryption,2025-02-30,,");              // 6: completedOn not a date

        var result = await Import(ImportKind.Accreditations, file);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(
            [(3, "personName"), (4, "completedOn"), (4, "expiresOn"), (4, "personId"), (5, "competencyId"), (5, "employedFrom"), (5, "partnerId"), (6, "completedOn")],
            result.Errors.Select(e => (e.Line, e.Column)).Order());
        Assert.Empty((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.People);
    }

    [Fact]
    public async Task RevenueFile_ListedCurrency_ImportedAsEntered()
    {
        var file = Csv(RevenueHeader, "fr-000001,encryption,2026-07,2500.50,CHF,distrib-ch,INV-1");

        var result = await Import(ImportKind.RevenueLines, file);

        Assert.Equal(ImportStatus.Imported, result.Status);
        var line = Assert.Single((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue);
        Assert.Equal((2500.50m, "CHF"), (line.Amount, line.Currency));
    }

    [Fact]
    public async Task RevenueFile_UnlistedCurrencyOrMonthWithoutRate_RejectedNamingTheCurrency()
    {
        var file = Csv(
            RevenueHeader,
            "fr-000001,encryption,2025-09,100,GBP,distrib-a,INV-1", // 2: GBP rates start in 2025-10
            "fr-000001,encryption,2026-07,100,USD,distrib-a,INV-2"); // 3: not listed

        var result = await Import(ImportKind.RevenueLines, file);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(
            [(2, "currency", "GBP has no program rate for 2025-09 in partner-program-2026@v1"), (3, "currency", "must be one of EUR, CHF, GBP")],
            result.Errors.Select(e => (e.Line, e.Column, e.Reason)).Order());
        Assert.Empty((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue);
    }

    [Fact]
    public async Task RevenueFile_ValuesTheApiRefuses_RejectedWithTheApiRules()
    {
        var file = Csv(
            RevenueHeader,
            "fr-000001,encryption,2099-01,100,EUR,distrib-a,INV-1",             // 2: period after the current month
            "fr-000001,encryption,2026-07,1000000000000.01,EUR,distrib-a,INV-2", // 3: above the API's maximum
            "fr-000001,encryption,2026-07,100,EUR,partner,INV-3",               // 4: the partner-entered marker
            "fr-000001,encryption,2026-07,100,EUR,Partner,INV-4",               // 5: the same in another case
            "fr-000001,encryption,2026-07,1.1234567,EUR,distrib-a,INV-5",       // 6: more than 6 decimals
            "fr-000001,encryption,2026-07,100,EUR,distrib:a,INV-6");            // 7: a source that is not an id

        var result = await Import(ImportKind.RevenueLines, file);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(
            [(2, "period"), (3, "amount"), (4, "source"), (5, "source"), (6, "amount"), (7, "source")],
            result.Errors.Select(e => (e.Line, e.Column)).Order());
        Assert.Equal("must not be after the current month", result.Errors.Single(e => e.Line == 2).Reason);
        Assert.Equal("must be greater than 0 (and at most 10^12)", result.Errors.Single(e => e.Line == 3).Reason);
        Assert.Contains("reserved", result.Errors.Single(e => e.Line == 4).Reason, StringComparison.Ordinal);
        Assert.Empty((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue);
    }

    [Fact]
    public async Task RevenueFile_FrenchExcelExport_BomSemicolonsAndDecimalCommas_Imported()
    {
        var text = "\uFEFF" + string.Join(
            "\r\n",
            RevenueHeader.Replace(',', ';'),
            "fr-000001;encryption;2026-07;12500,50;EUR;distrib-a;\"INV 1; août\"",
            "fr-000001;encryption;2026-08;1000;EUR;distrib-a;INV-2",
            string.Empty);

        var result = await Import(ImportKind.RevenueLines, Encoding.UTF8.GetBytes(text));

        Assert.Equal((ImportStatus.Imported, 2), (result.Status, result.RowCount));
        var lines = (await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue.OrderBy(l => l.Period).ToArray();
        Assert.Equal([12500.50m, 1000m], lines.Select(l => l.Amount));
        Assert.Equal("distrib-a:INV 1; août", lines[0].Id);
    }

    [Fact]
    public async Task RevenueFile_QuotedCommasAndBom_Imported()
    {
        var file = Encoding.UTF8.GetBytes("\uFEFF" + RevenueHeader + "\r\nfr-000001,encryption,2026-07,10.5,EUR,distrib-a,\"INV-1, part 2\"\r\n");

        var result = await Import(ImportKind.RevenueLines, file);

        Assert.Equal(ImportStatus.Imported, result.Status);
        Assert.Equal("distrib-a:INV-1, part 2", Assert.Single((await Partners.GetSnapshotAsync("fr-000001"))!.Evidence.Revenue).Id);
    }

    [Fact]
    public async Task AnyFile_BadQuoting_ErrorNamesLineAndField()
    {
        var file = Csv(RevenueHeader, "fr-000001,encryption,2026-07,10,EUR,distrib-a,INV-1", "fr-000001,encryption,2026-07,10,EUR,distrib-a,\"INV-2\"x");

        var result = await Import(ImportKind.RevenueLines, file);

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "*"), (error.Line, error.Column));
        Assert.StartsWith("field 7 (lineReference) ", error.Reason, StringComparison.Ordinal);
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    private Task<ImportResult> Import(ImportKind kind, byte[] content) =>
        Importer.ImportAsync(kind, new MemoryStream(content), "staff@example.com", "distributor.csv");

    private async Task<string[]> PartnerRows()
    {
        var table = Storage.Clients.Table(Storage.Clients.Names.Partners);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row.RowKey + "=" + row.ETag);
        }

        return [.. rows];
    }
}
