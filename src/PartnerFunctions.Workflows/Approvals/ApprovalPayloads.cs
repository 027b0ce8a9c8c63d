using System.Globalization;
using System.Text.Json;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>What a reference approval request shows the approver (stored as the request's payload).</summary>
public sealed record ReferenceApprovalPayload(
    string PartnerId,
    string PartnerName,
    string CompetencyId,
    string CompetencyName,
    string ReferenceId,
    string CustomerName,
    Market CustomerMarket,
    decimal? Satisfaction,
    string Purpose);

/// <summary>What a downgrade approval request shows the approver (stored as the request's payload).</summary>
public sealed record DowngradeApprovalPayload(
    string PartnerId,
    string PartnerName,
    Tier FromTier,
    Tier PendingTier,
    string Reason,
    string DefinitionVersion,
    string RunId);

/// <summary>What a tier override request shows the second approver (stored as the request's payload).</summary>
public sealed record OverrideApprovalPayload(
    string PartnerId,
    string PartnerName,
    Tier CurrentTier,
    Tier OverrideTier,
    string Reason,
    DateOnly EndsOn,
    string RequestedBy);

/// <summary>Serialization of approval payloads (camelCase JSON, enums as names).</summary>
public static class ApprovalPayloads
{
    private static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T payload) => JsonSerializer.Serialize(payload, Options);

    /// <summary>The payload, or null when the stored JSON is not one.</summary>
    public static T? Deserialize<T>(string? json)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How deadlines are written in emails: "2026-10-01 14:30 UTC".</summary>
    public static string FormatUtc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
