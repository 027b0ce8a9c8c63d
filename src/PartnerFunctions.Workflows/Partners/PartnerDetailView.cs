using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Access;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>What the console's partner page shows, all read from storage and evaluated today (nothing written).</summary>
/// <param name="Evaluation">Today's evaluation under the active definition; null when no definition is active.</param>
/// <param name="Certifications">One row per competency of the active definition that has a certification instance.</param>
/// <param name="Revenue">Revenue by month (all competencies), oldest first.</param>
/// <param name="Emails">The newest emails to the partner's contact address.</param>
/// <param name="Form">The credential form's state (a new key to show once, an error beside its field).</param>
public sealed record PartnerDetailView(
    PartnerProfile Profile,
    EvaluationReceipt? Evaluation,
    IReadOnlyList<TierDecision> Decisions,
    IReadOnlyList<CertificationRow> Certifications,
    IReadOnlyList<Person> People,
    IReadOnlyList<RevenueMonth> Revenue,
    IReadOnlyList<ReferenceRow> References,
    IReadOnlyList<OutboxEntry> Emails,
    IReadOnlyList<CredentialView> Credentials,
    CredentialForm Form,
    DateOnly Today)
{
    /// <summary>The legacy status beside the new one (null without an active definition).</summary>
    public LegacyStatus? Legacy { get; init; }

    /// <summary>The page's path for a partner.</summary>
    public static string PathOf(string partnerId) => "/staff/partners/" + Uri.EscapeDataString(partnerId);
}

/// <summary>A certification of one competency: its instance's state and the step its custom status names.</summary>
/// <param name="Step">The workflow's current step ("evidence-checked", "awaiting-approvals" …), when it reported one.</param>
/// <param name="Level">The level granted, once completed.</param>
public sealed record CertificationRow(string CompetencyId, string CompetencyName, string RuntimeStatus, string? Step, int PendingApprovals, string? Level, DateTimeOffset LastUpdatedAt);

/// <summary>One month's revenue over all competencies.</summary>
public sealed record RevenueMonth(DateOnly Month, decimal Amount);

/// <summary>A customer reference with its evidence documents (ids as the document route takes them).</summary>
public sealed record ReferenceRow(CustomerReference Reference, IReadOnlyList<string> DocumentIds)
{
    /// <summary>The partner's references with their documents. The snapshot's carry no document names: one point read per reference (a partner has a few).</summary>
    internal static async Task<IReadOnlyList<ReferenceRow>> ReadAllAsync(IPartnerRepository partners, PartnerSnapshot snapshot, CancellationToken cancellationToken)
    {
        var stored = await Task.WhenAll(snapshot.Evidence.References.Select(r => partners.GetReferenceAsync(snapshot.PartnerId, r.Id, cancellationToken)));
        return snapshot.Evidence.References
            .Zip(stored, (reference, row) => new ReferenceRow(reference, row?.DocumentNames.Select(PartnerDetailHandlers.DocumentId).ToArray() ?? []))
            .ToArray();
    }
}

/// <summary>The credential form: the key just issued (shown once), the label typed and an error for it.</summary>
public sealed record CredentialForm(IssuedCredentialResponse? Issued = null, string? Label = null, string? LabelError = null, string? CredentialError = null, string? Notice = null)
{
    public static CredentialForm Empty { get; } = new();
}
