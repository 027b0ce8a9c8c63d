using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>
/// No access control: every caller may act on every partner and as staff (recorded as "staff"). For the tests of
/// features other than access control only; the product's only implementation is <see cref="CredentialApiAccess"/>.
/// </summary>
public sealed class OpenApiAccess : IApiAccess
{
    /// <summary>What staff actions are recorded as when callers are not authenticated.</summary>
    public const string AnonymousStaff = "staff";

    /// <inheritdoc />
    public ValueTask<IResult?> CheckPartnerAsync(HttpContext context, string partnerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(null);

    /// <inheritdoc />
    public ValueTask<StaffCheck> CheckStaffAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StaffCheck.Allowed(AnonymousStaff));
}
