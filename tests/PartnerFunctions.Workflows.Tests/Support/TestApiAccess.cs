using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>
/// Workflow tests are about workflows, not credentials (those are tested in FunctionApp.Tests/Access): every caller
/// may act on every partner, and a staff caller is whoever the <see cref="StaffHeader"/> header names (default
/// <see cref="AnonymousStaff"/>), so tests can check that the acting staff member is what gets recorded.
/// </summary>
internal sealed class TestApiAccess : IApiAccess
{
    public const string StaffHeader = "X-Test-Staff";

    /// <summary>The staff member recorded when the header names none.</summary>
    public const string AnonymousStaff = "staff";

    public ValueTask<IResult?> CheckPartnerAsync(HttpContext context, string partnerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(null);

    public ValueTask<StaffCheck> CheckStaffAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var staff = context.Request.Headers[StaffHeader].ToString();
        return ValueTask.FromResult(StaffCheck.Allowed(string.IsNullOrEmpty(staff) ? AnonymousStaff : staff));
    }
}
