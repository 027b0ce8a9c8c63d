using System.Collections.Concurrent;
using System.Globalization;
using PartnerFunctions.Domain.Notifications;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>
/// The email provider of workflow tests: records every message it is asked to send and accepts it (or answers what
/// <see cref="Respond"/> says, to simulate provider failures). Everything above it (templates, outbox) is the real code.
/// </summary>
public sealed class RecordingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _messages = new();
    private readonly ConcurrentDictionary<EmailMessage, DateTimeOffset> _acceptedAt = new(ReferenceEqualityComparer.Instance);
    private int _sequence;

    /// <summary>
    /// Optional answer for a message (e.g. a transient failure the first time); null or a null answer accepts it.
    /// A message that is not accepted is recorded in <see cref="Attempts"/> but not in <see cref="Messages"/>.
    /// </summary>
    public Func<EmailMessage, EmailSendResult?>? Respond { get; set; }

    /// <summary>Every message accepted, in order.</summary>
    public IReadOnlyList<EmailMessage> Messages => [.. _messages];

    /// <summary>When a message was accepted (UTC).</summary>
    public DateTimeOffset AcceptedAt(EmailMessage message) => _acceptedAt[message];

    /// <summary>Every send attempt, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _sequence);

    /// <summary>Messages accepted for one recipient (case-insensitive address).</summary>
    public IReadOnlyList<EmailMessage> To(string email) =>
        [.. _messages.Where(m => string.Equals(m.To.Email, email, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Messages accepted whose subject or text body contains <paramref name="text"/> (ordinal).</summary>
    public IReadOnlyList<EmailMessage> Containing(string text) =>
        [.. _messages.Where(m => m.Subject.Contains(text, StringComparison.Ordinal) || m.TextBody.Contains(text, StringComparison.Ordinal))];

    /// <summary>Waits until at least <paramref name="count"/> accepted messages match, and returns them.</summary>
    public async Task<IReadOnlyList<EmailMessage>> WaitForAsync(Func<EmailMessage, bool> predicate, int count = 1, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var matching = _messages.Where(predicate).ToArray();
            if (matching.Length >= count)
            {
                return matching;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("\n", _messages.Select(m => $"  to {m.To.Email}: {m.Subject}"));
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Expected {count} matching email(s), saw {matching.Length}. Emails sent:\n{seen}"));
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc />
    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var number = Interlocked.Increment(ref _sequence);
        var answer = Respond?.Invoke(message);
        if (answer is null || answer.Status == EmailSendStatus.Accepted)
        {
            _acceptedAt[message] = DateTimeOffset.UtcNow;
            _messages.Enqueue(message);
            return Task.FromResult(answer ?? EmailSendResult.Accepted(string.Create(CultureInfo.InvariantCulture, $"test-{number}")));
        }

        return Task.FromResult(answer);
    }
}
