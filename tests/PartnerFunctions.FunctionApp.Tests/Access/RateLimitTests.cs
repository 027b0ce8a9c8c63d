using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>Rate limits: 429 problem+json with Retry-After once a key's bucket is empty; other keys are not affected.</summary>
public sealed class RateLimitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Pdf = "%PDF-1.4 evidence"u8.ToArray();

    [Fact]
    public async Task PostReferenceDocument_OverThePartnersLimit_Returns429WithRetryAfterAndStoresNothing()
    {
        await using var access = await AccessApi.CreateAsync(azurite, new Dictionary<string, string?> { ["RateLimits:EvidenceUploadPermitsPerMinute"] = "2" });
        var partnerA = await access.NewPartnerAsync();
        var partnerB = await access.NewPartnerAsync();
        await ReferenceAsync(access, partnerA);
        await ReferenceAsync(access, partnerB);
        var (keyA, _) = await access.IssueKeyAsync(partnerA);
        var (keyB, _) = await access.IssueKeyAsync(partnerB);

        var first = await UploadAsync(access, partnerA, keyA, Pdf);
        var second = await UploadAsync(access, partnerA, keyA, [.. Pdf, 1]);
        var third = await UploadAsync(access, partnerA, keyA, [.. Pdf, 2]);
        var otherPartner = await UploadAsync(access, partnerB, keyB, Pdf);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal(429, third.Status);
        Assert.Equal("application/problem+json", third.ContentType);
        var retryAfter = int.Parse(third.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(201, otherPartner.Status);
        var reference = await access.Api.Get<PartnerFunctions.Domain.Persistence.IPartnerRepository>().GetReferenceAsync(partnerA, "ref1");
        Assert.Equal(2, reference!.DocumentNames.Count);
    }

    [Fact]
    public void TryAcquire_OnePermitPerMinute_SecondCallGets429ForThatKeyOnly()
    {
        using var limits = new ApiRateLimits(Options.Create(new RateLimitOptions { ApprovalPermitsPerMinute = 1 }));
        var context = new DefaultHttpContext();

        var first = limits.TryAcquire(context, ApiRateLimits.Approval, "approval-1|10.0.0.1");
        var second = limits.TryAcquire(context, ApiRateLimits.Approval, "approval-1|10.0.0.1");
        var otherKey = limits.TryAcquire(context, ApiRateLimits.Approval, "approval-2|10.0.0.1");

        Assert.Null(first);
        var limited = Assert.IsType<ApiRateLimits.TooManyRequestsResult>(second);
        Assert.Equal(429, limited.StatusCode);
        Assert.InRange(limited.RetryAfterSeconds, 1, 60);
        Assert.Null(otherKey);
    }

    [Fact]
    public void TryAcquire_UnknownPolicy_Throws()
    {
        using var limits = new ApiRateLimits(Options.Create(new RateLimitOptions()));

        Assert.Throws<ArgumentException>(() => limits.TryAcquire(new DefaultHttpContext(), "resend", "x"));
    }

    private static async Task ReferenceAsync(AccessApi access, string partnerId)
    {
        var put = await access.CallAsync(r => PartnersFunctions.PutReference(r, partnerId, "ref1"), "PUT", $"/api/partners/{partnerId}/references/ref1", """{"competencyId":"endpoint-security-ent","customerName":"Client","customerMarket":"enterprise","satisfaction":4.5}""", AccessApi.Staff);
        Assert.Equal(201, put.Status);
    }

    private static async Task<Support.ApiResponse> UploadAsync(AccessApi access, string partnerId, string key, byte[] content)
    {
        var request = access.Api.Request("POST", $"/api/partners/{partnerId}/references/ref1/documents", content, "application/pdf", AccessApi.Bearer(key));
        return await Support.ApiContext.ExecuteAsync(request, await PartnersFunctions.PostReferenceDocument(request, partnerId, "ref1"));
    }
}
