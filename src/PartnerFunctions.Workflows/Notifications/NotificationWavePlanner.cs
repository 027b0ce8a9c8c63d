using System.Text;
using PartnerFunctions.Domain.Notifications;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>One provider call of a wave: its id, the indexes of its recipients, the shared bodies (null: sent alone).</summary>
internal sealed record PlannedCall(string SendCallId, IReadOnlyList<int> Items, TemplateSkeleton? Skeleton);

/// <summary>
/// Wave planning: the provider calls of a wave, recipients grouped by template and language, each group rendered once
/// with substitution tags, in calls of at most the provider's limit; without a batch sender, or when a recipient's
/// values are too large for substitutions, one call each.
/// </summary>
internal sealed class NotificationWavePlanner(IBatchEmailSender? batchSender, NotificationTemplateRenderer renderer)
{
    /// <summary>The substitution tag of a field in a wave's HTML body.</summary>
    public static string HtmlTag(string field) => "%%h." + field + "%%";

    /// <summary>The substitution tag of a field in a wave's text body.</summary>
    public static string TextTag(string field) => "%%t." + field + "%%";

    /// <summary>The calls carrying <paramref name="indexes"/> of <paramref name="prepared"/> (batched ones get their substitutions set).</summary>
    public List<PlannedCall> PlanCalls(List<PreparedNotification> prepared, IEnumerable<int> indexes)
    {
        var calls = new List<PlannedCall>();
        if (batchSender is null)
        {
            calls.AddRange(indexes.Select(i => new PlannedCall(NotificationLeaseClaims.NewSendCallId(), [i], null)));
            return calls;
        }

        var perCall = Math.Max(1, batchSender.MaxRecipientsPerCall);
        foreach (var group in indexes.GroupBy(i => (prepared[i].Notification.Template, prepared[i].Email.Language)))
        {
            var skeleton = renderer.RenderSkeleton(group.Key.Template, group.Key.Language, HtmlTag, TextTag);
            var batchable = new List<int>();
            foreach (var i in group)
            {
                var substitutions = Substitutions(skeleton, prepared[i].Values);
                if (SizeOf(substitutions) > batchSender.MaxSubstitutionBytesPerRecipient)
                {
                    calls.Add(new PlannedCall(NotificationLeaseClaims.NewSendCallId(), [i], null));
                }
                else
                {
                    prepared[i] = prepared[i] with { Substitutions = substitutions };
                    batchable.Add(i);
                }
            }

            calls.AddRange(batchable.Chunk(perCall).Select(chunk => new PlannedCall(NotificationLeaseClaims.NewSendCallId(), chunk, skeleton)));
        }

        return calls;
    }

    private static Dictionary<string, string> Substitutions(TemplateSkeleton skeleton, IReadOnlyDictionary<string, string> values)
    {
        var substitutions = new Dictionary<string, string>(skeleton.Fields.Count * 2, StringComparer.Ordinal);
        foreach (var field in skeleton.Fields)
        {
            var value = values[field];
            substitutions[HtmlTag(field)] = NotificationTemplateRenderer.EncodeHtml(value);
            substitutions[TextTag(field)] = value;
        }

        return substitutions;
    }

    private static int SizeOf(Dictionary<string, string> substitutions) =>
        substitutions.Sum(s => Encoding.UTF8.GetByteCount(s.Key) + Encoding.UTF8.GetByteCount(s.Value));
}
