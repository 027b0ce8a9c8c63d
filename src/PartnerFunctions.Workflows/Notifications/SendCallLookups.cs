using PartnerFunctions.Domain.Notifications;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Delivery lookups: the provider's answers about earlier calls (did send call X go out?), asked once per call id for
/// one send or wave (a wave's rows share few calls). Without a lookup, or when it fails, the answer says so.
/// </summary>
internal sealed class SendCallLookups(IEmailDeliveryLookup? lookup)
{
    private readonly Dictionary<string, Task<SendCallLookup>> _answers = new(StringComparer.Ordinal);

    public Task<SendCallLookup> FindAsync(string sendCallId, CancellationToken cancellationToken)
    {
        lock (_answers)
        {
            if (!_answers.TryGetValue(sendCallId, out var answer))
            {
                answer = LookUpAsync(sendCallId, cancellationToken);
                _answers[sendCallId] = answer;
            }

            return answer;
        }
    }

    private async Task<SendCallLookup> LookUpAsync(string sendCallId, CancellationToken cancellationToken)
    {
        if (lookup is null)
        {
            return new SendCallLookup(SendCallStatus.Unavailable, 0, "no delivery lookup is configured", null);
        }

        try
        {
            return await lookup.FindSendCallAsync(sendCallId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SendCallLookup(SendCallStatus.TryLater, 0, ex.GetType().Name + ": " + ex.Message, null);
        }
    }
}
