using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// Who may call what. Every partner handler asks <see cref="CheckPartnerAsync"/> before touching a partner's data
/// and every staff handler asks <see cref="CheckStaffAsync"/>, so access control plugs in here without changing the
/// handlers.
/// </summary>
public interface IApiAccess
{
    /// <summary>Null when the caller may act on <paramref name="partnerId"/>'s resources; else the problem to return (401/403/404).</summary>
    ValueTask<IResult?> CheckPartnerAsync(HttpContext context, string partnerId, CancellationToken cancellationToken);

    /// <summary>The staff member acting (recorded as storedBy/activatedBy/importedBy), or the problem to return.</summary>
    ValueTask<StaffCheck> CheckStaffAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>The outcome of a staff check: the staff member's id, or the problem to return.</summary>
public sealed record StaffCheck(string? StaffId, IResult? Problem)
{
    public static StaffCheck Allowed(string staffId) => new(staffId, null);

    public static StaffCheck Denied(IResult problem) => new(null, problem);
}
