using System.Text.Encodings.Web;
using System.Text.Json;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Common;

/// <summary>
/// What the code running one request knows about the change it made, for the request's audit line: the state before
/// and after, what it was done to, and who acted when the route's audience does not say (an approval link). The
/// dispatcher opens one scope per write request and records it once the handler answered; the writers (singletons
/// shared by the API and the pages) reach it as <see cref="Current"/>, the way code reaches Activity.Current.
/// </summary>
public sealed class AuditScope
{
    /// <summary>The longest before/after text kept: a table property holds 64 KiB; larger states are summarised.</summary>
    public const int MaxStateLength = 16_000;

    private static readonly AsyncLocal<AuditScope?> Ambient = new();

    // The API's JSON, with text kept readable ("Inès d'Arc", not "In\u00E8s d\u0027Arc"): the log is read by people,
    // and every page that shows it HTML-encodes it.
    private static readonly JsonSerializerOptions Json = new(ApiJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The scope of the request running on this flow, if any (none in workflows and tests that call writers directly).</summary>
    public static AuditScope? Current => Ambient.Value;

    /// <summary>Who acted, when the handler knows better than the route's audience (e.g. "approver:{email}").</summary>
    public string? Actor { get; private set; }

    /// <summary>The partner concerned, when the route has no {partnerId} (e.g. an approval about a partner's reference).</summary>
    public string? PartnerId { get; private set; }

    /// <summary>What the write was done to, e.g. "person p-1".</summary>
    public string? Subject { get; private set; }

    /// <summary>The state before, compact JSON.</summary>
    public string? Before { get; private set; }

    /// <summary>The state after, compact JSON.</summary>
    public string? After { get; private set; }

    /// <summary>Lines of other partners the request also changed (a distributor file), each in that partner's log.</summary>
    public IReadOnlyList<(string PartnerId, string Subject, string? After)> PartnerLines => _partnerLines;

    private readonly List<(string PartnerId, string Subject, string? After)> _partnerLines = [];

    /// <summary>False when the handler says the request changed nothing after all (e.g. an approval already answered).</summary>
    public bool Changed { get; private set; } = true;

    /// <summary>Opens the scope of one request on the current flow (the dispatcher's).</summary>
    internal static AuditScope Begin()
    {
        var scope = new AuditScope();
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Records what was changed: <paramref name="before"/> null when it was created, <paramref name="after"/> null when removed.</summary>
    public void Change(string subject, object? before, object? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        Subject = subject;
        Before = State(before);
        After = State(after);
    }

    /// <summary>Records that the request also changed <paramref name="partnerId"/>'s data: one more line, in that partner's log.</summary>
    public void AlsoChanged(string partnerId, string subject, object? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        _partnerLines.Add((partnerId, subject, State(after)));
    }

    /// <summary>Names who acted, when the route's audience does not (an approval link's approver).</summary>
    public void ActingAs(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Actor = actor;
    }

    /// <summary>Names the partner concerned, when the route does not carry it.</summary>
    public void About(string partnerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        PartnerId = partnerId;
    }

    /// <summary>Says the request changed nothing (it answered success with what already was): no audit line.</summary>
    public void NothingChanged() => Changed = false;

    private static string? State(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var json = JsonSerializer.Serialize(value, value.GetType(), Json);
        return json.Length <= MaxStateLength
            ? json
            : JsonSerializer.Serialize(new { truncated = true, length = json.Length }, Json);
    }
}
