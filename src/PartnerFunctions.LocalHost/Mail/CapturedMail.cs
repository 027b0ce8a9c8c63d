using PartnerFunctions.Infrastructure.Email;

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
    public string? IdempotencyKey => CustomArgs.TryGetValue(SendGridEmailSender.IdempotencyKeyArg, out var key) ? key : null;

    /// <summary>The id of the provider call the sender passes as a custom arg, when present.</summary>
    public string? SendCallId => CustomArgs.TryGetValue(SendGridEmailSender.SendCallArg, out var id) ? id : null;
}

/// <summary>A captured message without its bodies (the listing).</summary>
public sealed record CapturedMailSummary(
    string Id,
    DateTimeOffset CapturedAt,
    string From,
    string To,
    string Subject,
    string? IdempotencyKey,
    IReadOnlyList<string> Links)
{
    /// <summary>The id of the provider call that carried it (what the Email Activity lookup finds it by).</summary>
    public string? SendCallId { get; init; }
}

/// <summary>A listed message and its folded search text (<see cref="MailSearchText"/>), kept from its capture.</summary>
public sealed record ListedMail(CapturedMailSummary Summary, string SearchText);
