using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Audit;

/// <summary>A page of audit lines; <paramref name="ContinuationToken"/> reads the next one (null on the last).</summary>
public sealed record AuditPageResponse(string? Day, string? PartnerId, IReadOnlyList<AuditEntry> Items, string? ContinuationToken);

/// <summary>
/// The audit log's API (staff only, <see cref="AuditRoutes"/>): a day's or a partner's lines, newest first, in pages
/// or as one CSV. A bad day or partner id is a 400 naming the field.
/// </summary>
public sealed class AuditHandlers(AuditReader reader)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>GET staff/audit/days/{day}?pageSize=&amp;continuationToken=.</summary>
    public async Task<IResult> ListDayAsync(HttpRequest request, string day, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var parsed = AuditReader.ParseDay(day);
        if (parsed is null)
        {
            errors.Add(DayError);
        }

        var (pageSize, token) = ApiPaging.Read(request, DefaultPageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        try
        {
            var page = await reader.DayAsync(parsed!.Value, pageSize, token, cancellationToken);
            return ApiResults.Ok(new AuditPageResponse(AuditReader.FormatDay(parsed.Value), null, page.Items, page.ContinuationToken));
        }
        catch (Exception ex) when (ApiPaging.IsBadToken(ex, token))
        {
            return ApiProblems.Validation(new FieldError("continuationToken", ApiPaging.TokenError));
        }
    }

    /// <summary>GET staff/audit/partners/{partnerId}?pageSize=&amp;continuationToken=.</summary>
    public async Task<IResult> ListPartnerAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (ApiIds.Check("partnerId", partnerId) is { } invalid)
        {
            errors.Add(invalid);
        }

        var (pageSize, token) = ApiPaging.Read(request, DefaultPageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        try
        {
            var page = await reader.PartnerAsync(partnerId, pageSize, token, cancellationToken);
            return ApiResults.Ok(new AuditPageResponse(null, partnerId, page.Items, page.ContinuationToken));
        }
        catch (Exception ex) when (ApiPaging.IsBadToken(ex, token))
        {
            return ApiProblems.Validation(new FieldError("continuationToken", ApiPaging.TokenError));
        }
    }

    /// <summary>GET staff/audit/days/{day}/csv.</summary>
    public async Task<IResult> ExportDayAsync(string day, CancellationToken cancellationToken) =>
        AuditReader.ParseDay(day) is { } parsed
            ? Results.Bytes(await reader.DayCsvAsync(parsed, cancellationToken), AuditReader.CsvContentType)
            : ApiProblems.Validation(DayError);

    /// <summary>GET staff/audit/partners/{partnerId}/csv.</summary>
    public async Task<IResult> ExportPartnerAsync(string partnerId, CancellationToken cancellationToken) =>
        ApiIds.Validate(("partnerId", partnerId)) ?? Results.Bytes(await reader.PartnerCsvAsync(partnerId, cancellationToken), AuditReader.CsvContentType);

    private static FieldError DayError => new("day", "must be a UTC day written yyyy-MM-dd, e.g. 2026-12-04");
}
