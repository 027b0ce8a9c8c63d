namespace PartnerFunctions.LocalHost.Mail;

/// <summary>One recipient's copy of a message accepted by the capture endpoint (a SendGrid personalization).</summary>
/// <param name="Id">Sortable id: capture time, then the request's message id and the personalization's index.</param>
/// <param name="Links">Every http(s) link of the HTML and text parts, in order, without duplicates.</param>
public sealed record CapturedMail(
    string Id,
    DateTimeOffset CapturedAt,
    string From,
    string To,
    string Subject,
    string? Html,
    string? Text,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyList<string> Links)
{
    /// <summary>The outbox key the sender passes as a custom arg, when present.</summary>
    public string? IdempotencyKey => CustomArgs.TryGetValue("pf_idempotency_key", out var key) ? key : null;
}

/// <summary>A captured message without its bodies (the listing).</summary>
public sealed record CapturedMailSummary(
    string Id,
    DateTimeOffset CapturedAt,
    string From,
    string To,
    string Subject,
    string? IdempotencyKey,
    IReadOnlyList<string> Links);
