using System.Text.Json;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>One message the host's SendGrid capture endpoint received (one per recipient), as GET /_local/mail.json lists it.</summary>
/// <param name="IdempotencyKey">The outbox key the sender put in the message (custom arg), when present.</param>
/// <param name="Links">The links of its HTML body.</param>
public sealed record CapturedMail(string Id, IReadOnlyList<string> To, string Subject, string? IdempotencyKey, IReadOnlyList<string> Links)
{
    /// <summary>Every captured message, oldest first.</summary>
    public static async Task<IReadOnlyList<CapturedMail>> ListAsync(ApiClient api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = (await api.GetAsync("_local/mail.json", cancellationToken)).Expect(200);
        var root = response.JsonBody;
        var items = root.ValueKind == JsonValueKind.Array ? root
            : root.TryGetProperty("items", out var list) ? list
            : root.TryGetProperty("messages", out var messages) ? messages
            : throw new InvalidOperationException($"Unexpected mail listing: {response.Body}");
        return items.EnumerateArray().Select(Parse).ToArray();
    }

    /// <summary>Waits until at least one message matches <paramref name="match"/>; returns the matches.</summary>
    public static async Task<IReadOnlyList<CapturedMail>> WaitForAsync(ApiClient api, Func<CapturedMail, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = (await ListAsync(api, cancellationToken)).Where(match).ToArray();
            if (found.Length > 0)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var all = await ListAsync(api, cancellationToken);
                throw new TimeoutException($"No matching mail within {timeout.TotalSeconds:0} s; captured: {string.Join("; ", all.Select(m => $"{string.Join(',', m.To)}: {m.Subject}"))}");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    public bool IsTo(string address) => To.Any(t => t.Contains(address, StringComparison.OrdinalIgnoreCase));

    private static CapturedMail Parse(JsonElement item)
    {
        var to = item.TryGetProperty("to", out var toValue) ? Addresses(toValue) : [];
        var links = item.TryGetProperty("links", out var linkValue) && linkValue.ValueKind == JsonValueKind.Array
            ? linkValue.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()! : l.TryGetProperty("url", out var u) ? u.GetString()! : l.ToString()).ToArray()
            : [];
        return new CapturedMail(
            item.TryGetProperty("id", out var id) ? id.ToString() : string.Empty,
            to,
            item.TryGetProperty("subject", out var subject) ? subject.GetString() ?? string.Empty : string.Empty,
            item.TryGetProperty("idempotencyKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null,
            links);
    }

    private static string[] Addresses(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Addresses).ToArray(),
        JsonValueKind.Object when value.TryGetProperty("email", out var email) => [email.GetString()!],
        _ => [],
    };
}
