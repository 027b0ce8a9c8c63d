using Azure.Core;
using Azure.Identity;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// Reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> ("Authorization=AAD;ClientId=...") the way the Functions
/// host does, so the worker's exporter authenticates with the same managed identity: Application Insights with local
/// auth off refuses telemetry sent with the connection string alone.
/// </summary>
public static class ApplicationInsightsAuthentication
{
    /// <summary>The App Service / Functions setting the host reads for Entra ID authentication of telemetry.</summary>
    public const string Setting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// The managed identity credential the string asks for (user-assigned when it names a ClientId), or null when the
    /// string is empty or asks for no Entra ID authentication.
    /// </summary>
    /// <exception cref="FormatException">The string is not "Key=Value" pairs separated by semicolons.</exception>
    public static TokenCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{Setting} must be \"Authorization=AAD\" optionally followed by \";ClientId=<client id>\"; \"{part}\" is not a Key=Value pair.");
            }

            pairs[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (!pairs.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return pairs.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
