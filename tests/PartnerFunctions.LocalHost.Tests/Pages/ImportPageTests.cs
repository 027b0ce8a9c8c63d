using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's imports page: a distributor file uploaded in a form, all or nothing, on a real local host.</summary>
public sealed class ImportPageTests : LocalHostPageTest
{
    private const string RevenueHeader = "partnerId,competencyId,period,amount,currency,source,lineReference";

    [Fact]
    public async Task Upload_GoodRevenueFile_ImportedOnceAndListedSecondUploadWritesNothing()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/imports");
        var file = $"{RevenueHeader}\n{partnerId},encryption,2026-07,12500.50,EUR,distrib-a,INV-1\n{partnerId},encryption,2026-08,1000,EUR,distrib-a,INV-2\n";

        var first = await UploadAsync(browser, "revenue", "july <b>.csv", file);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        var (_, html) = await browser.GetAsync(first.Headers.Location!.OriginalString);
        Assert.Contains("july &lt;b&gt;.csv is imported: 2 rows for 1 partners.", html, StringComparison.Ordinal);
        Assert.Contains("<td>july &lt;b&gt;.csv</td><td>Revenue lines</td><td>2</td><td>1</td>", html, StringComparison.Ordinal);

        var second = await UploadAsync(browser, "revenue", "again.csv", file);
        var (_, again) = await browser.GetAsync(second.Headers.Location!.OriginalString);
        Assert.Contains("was imported before", again, StringComparison.Ordinal);
        Assert.Equal(1, again.Split("<td>Revenue lines</td>").Length - 1);
    }

    [Fact]
    public async Task Upload_FileWithBadLines_Returns400ListingEveryBadLineAndWritesNothing()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/imports");
        var file = $"{RevenueHeader}\n{partnerId},encryption,2026-07,100,EUR,distrib-a,INV-1\n{partnerId},no-such-competency,2026-13,100,EUR,distrib-a,INV-2\nfr-unknown-9,encryption,2026-07,100,EUR,distrib-a,INV-3\n";

        var response = await UploadAsync(browser, "revenue", "bad.csv", file);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad.csv was not imported: nothing was written", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>3</td><td>competencyId</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>3</td><td>period</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>4</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<tr><td>2</td>", html, StringComparison.Ordinal);
        Assert.Contains("No file imported yet.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NoFileOrNoKind_Returns400WithTheErrorBesideTheField()
    {
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/imports");

        var response = await UploadAsync(browser, "", null, null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"file-error\">Choose a CSV file", html, StringComparison.Ordinal);
        Assert.Contains("id=\"kind-error\">Choose what the file holds.", html, StringComparison.Ordinal);
        Assert.Contains("No file imported yet.", html, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(PageClient browser, string kind, string? fileName, string? text)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(browser.Token!), PageForms.AntiforgeryField },
            { new StringContent(kind), "kind" },
        };
        if (fileName is not null)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text!));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", fileName);
        }

        return await browser.Http.PostAsync("/staff/imports", form);
    }
}
