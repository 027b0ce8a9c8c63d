using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Files;

public sealed class BlobStoreTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static byte[] Pdf => [.. "%PDF-1.7\n"u8, .. new byte[200]];
    private static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    public override async Task InitializeAsync()
    {
        // A small limit so that the size check is exercised with small files.
        await base.InitializeAsync();
        _small = await StorageContext.CreateAsync(Azurite, Azurite.Prefix, new Dictionary<string, string?> { ["Storage:MaxDocumentBytes"] = "1024" });
    }

    public override async Task DisposeAsync()
    {
        await _small!.DisposeAsync();
        await base.DisposeAsync();
    }

    private StorageContext? _small;

    private IEvidenceDocumentStore Documents => _small!.Get<IEvidenceDocumentStore>();

    [Fact]
    public async Task Upload_AllowedDocument_StoredAndListed()
    {
        var partner = NewId("fr");
        var stored = await Documents.UploadAsync(partner, "ref/1", "contract.pdf", "application/pdf; charset=binary", new MemoryStream(Pdf));
        await Documents.UploadAsync(partner, "ref/1", "photo.png", "image/png", new MemoryStream(Png));

        var read = await Documents.DownloadAsync(stored.Name);
        Assert.Equal(Pdf, read!.Content.ToArray());
        Assert.Equal("application/pdf", read.ContentType);
        Assert.Equal(["contract.pdf", "photo.png"], (await Documents.ListAsync(partner, "ref/1")).Select(f => f.Name.Split('/')[^1]));
        Assert.True(await Documents.DeleteAsync(stored.Name));
        Assert.Null(await Documents.DownloadAsync(stored.Name));
    }

    [Theory]
    [InlineData("text/html", "not accepted")]
    [InlineData("application/x-msdownload", "not accepted")]
    [InlineData("image/png", "not image/png")]
    public async Task Upload_WrongType_RejectedAndNothingStored(string contentType, string reason)
    {
        var partner = NewId("fr");
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Documents.UploadAsync(partner, "r1", "x", contentType, new MemoryStream(Pdf)));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Documents.ListAsync(partner, "r1"));
    }

    [Fact]
    public async Task Upload_OverSizeLimit_RejectedBeforeUpload_SeekableOrNot()
    {
        var partner = NewId("fr");
        var big = new byte[1025];
        "%PDF-"u8.CopyTo(big);

        await Assert.ThrowsAsync<DocumentRejectedException>(() => Documents.UploadAsync(partner, "r1", "big.pdf", "application/pdf", new MemoryStream(big)));
        await Assert.ThrowsAsync<DocumentRejectedException>(() => Documents.UploadAsync(partner, "r1", "big.pdf", "application/pdf", new NonSeekableStream(big)));
        await Assert.ThrowsAsync<DocumentRejectedException>(() => Documents.UploadAsync(partner, "r1", "empty.pdf", "application/pdf", new MemoryStream()));
        Assert.Empty(await Documents.ListAsync(partner, "r1"));
        var exact = await Documents.UploadAsync(partner, "r1", "exact.pdf", "application/pdf", new NonSeekableStream(big[..1024]));
        Assert.Equal(1024, exact.Length);
    }

    [Fact]
    public async Task Reports_WriteReadList()
    {
        var reports = Storage.Get<IReportStore>();
        var runId = NewId("whatif");
        var csv = "partnerId,tier\nfr-1,Gold\n"u8.ToArray();

        var stored = await reports.WriteAsync(WorkflowRunKind.WhatIf, runId, "partners.csv", "text/csv", csv);
        await reports.WriteAsync(WorkflowRunKind.WhatIf, runId, "summary.json", "application/json", "{}"u8.ToArray());

        Assert.Equal($"whatif/{runId}/partners.csv", stored.Name);
        Assert.Equal(csv, (await reports.ReadAsync(stored.Name))!.Content.ToArray());
        Assert.Equal(2, (await reports.ListAsync(WorkflowRunKind.WhatIf, runId)).Count);
        Assert.Null(await reports.ReadAsync("whatif/none/none.csv"));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
