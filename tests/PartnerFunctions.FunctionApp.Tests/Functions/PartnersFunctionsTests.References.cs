using System.Text;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

/// <summary>Customer references and their evidence documents.</summary>
public sealed partial class PartnersFunctionsTests
{
    [Fact]
    public async Task PutReference_NewThenUpdate_StartsSubmittedAndKeepsState()
    {
        var id = await NewPartnerAsync();
        var route = $"/api/partners/{id}/references/ref1";

        var created = await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", route, ReferenceJson("Client A"));
        var updated = await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", route, ReferenceJson("Client A (renamed)"));
        var stored = await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1");

        Assert.Equal(201, created.Status);
        Assert.Equal("submitted", created.Json.GetProperty("state").GetString());
        Assert.Equal(200, updated.Status);
        Assert.Equal(ReferenceState.Submitted, stored!.Reference.State);
        Assert.Equal("Client A (renamed)", stored.Reference.CustomerName);
    }

    [Fact]
    public async Task PutReference_StateInBody_Returns400()
    {
        var id = await NewPartnerAsync();
        var body = ReferenceJson("Client A")[..^1] + ""","state":"approved"}""";

        var put = await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", body);

        Assert.Equal(400, put.Status);
        Assert.Equal(["state"], put.ErrorFields);
        Assert.Null(await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1"));
    }

    [Fact]
    public async Task PutReference_ApprovedReference_Returns409AndChangesNothing()
    {
        var id = await NewPartnerAsync();
        await ApprovedReferenceAsync(id, "ref1", "Client A");

        var put = await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", ReferenceJson("Other"));
        var stored = await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1");

        Assert.Equal(409, put.Status);
        Assert.Equal(ReferenceState.Approved, stored!.Reference.State);
        Assert.Equal("Client A", stored.Reference.CustomerName);
    }

    [Fact]
    public async Task PostReferenceDocument_Pdf_Returns201AndSameFileIsStoredOnce()
    {
        var id = await NewPartnerAsync();
        await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", ReferenceJson("Client A"));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

        var first = await UploadAsync(Api, id, "ref1", pdf, "application/pdf");
        var second = await UploadAsync(Api, id, "ref1", pdf, "application/pdf");
        var stored = await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1");

        Assert.Equal(201, first.Status);
        Assert.Equal(first.Json.GetProperty("documentId").GetString(), second.Json.GetProperty("documentId").GetString());
        Assert.Equal(pdf.Length, first.Json.GetProperty("length").GetInt64());
        Assert.Single(stored!.DocumentNames);
    }

    [Fact]
    public async Task PostReferenceDocument_TypeNotAllowed_Returns415AndStoresNothing()
    {
        var id = await NewPartnerAsync();
        await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", ReferenceJson("Client A"));

        var upload = await UploadAsync(Api, id, "ref1", Encoding.UTF8.GetBytes("<html></html>"), "text/html");

        Assert.Equal(415, upload.Status);
        Assert.Equal(["Content-Type"], upload.ErrorFields);
        Assert.Empty((await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1"))!.DocumentNames);
    }

    [Fact]
    public async Task PostReferenceDocument_ContentNotMatchingType_Returns415()
    {
        var id = await NewPartnerAsync();
        await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", ReferenceJson("Client A"));

        var upload = await UploadAsync(Api, id, "ref1", Encoding.UTF8.GetBytes("MZ not a pdf"), "application/pdf");

        Assert.Equal(415, upload.Status);
        Assert.Empty((await Api.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1"))!.DocumentNames);
    }

    [Fact]
    public async Task PostReferenceDocument_OverTheLimit_Returns413AndStoresNothing()
    {
        await using var small = await ApiContext.CreateAsync(Azurite, Azurite.Prefix, new Dictionary<string, string?> { ["Storage:MaxDocumentBytes"] = "64" });
        var id = NewId("p");
        await CallAsync(small, r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());
        await CallAsync(small, r => PartnersFunctions.PutReference(r, id, "ref1"), "PUT", $"/api/partners/{id}/references/ref1", ReferenceJson("Client A"));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 100));

        var upload = await UploadAsync(small, id, "ref1", pdf, "application/pdf");

        Assert.Equal(413, upload.Status);
        Assert.Empty((await small.Get<IPartnerRepository>().GetReferenceAsync(id, "ref1"))!.DocumentNames);
    }

    [Fact]
    public async Task PostReferenceDocument_UnknownReference_Returns404()
    {
        var id = await NewPartnerAsync();

        var upload = await UploadAsync(Api, id, "missing", Encoding.ASCII.GetBytes("%PDF-1.7\n"), "application/pdf");

        Assert.Equal(404, upload.Status);
    }
}
