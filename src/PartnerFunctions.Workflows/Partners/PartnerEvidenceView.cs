using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>What the partner's evidence page shows: what is recorded, and its three forms and the document form.</summary>
/// <param name="Competencies">The active definition's competencies (empty when none is active: the forms are then not shown).</param>
/// <param name="Currency">The program currency revenue is entered in; null when no definition is active.</param>
/// <param name="Revenue">The newest revenue lines, newest month first.</param>
/// <param name="OlderRevenueLines">Lines not listed (older than those shown).</param>
/// <param name="Saved">What was just saved ("person", "revenue", "reference", "document"), after a form's redirect.</param>
/// <param name="Editing">The form opened on an existing item ("person", "revenue" or "reference"), or null.</param>
/// <param name="Document">The reference a document was refused for, and why (shown beside its file field).</param>
public sealed record PartnerEvidenceView(
    Partner Partner,
    IReadOnlyList<Competency> Competencies,
    string? Currency,
    IReadOnlyList<Person> People,
    IReadOnlyList<RevenueLine> Revenue,
    int OlderRevenueLines,
    IReadOnlyList<ReferenceRow> References,
    EvidenceFormState PersonForm,
    EvidenceFormState RevenueForm,
    EvidenceFormState ReferenceForm,
    string? Editing,
    DocumentRefusal? Document,
    string? Saved,
    IReadOnlyList<string> AllowedDocumentTypes,
    long MaxDocumentBytes,
    DateOnly Today,
    ProgramDefinition? Definition = null)
{
    /// <summary>
    /// The currencies revenue may be entered in: the partner's country group's first (its local currency), then the
    /// program currency and the others the active definition lists.
    /// </summary>
    public IReadOnlyList<string> Currencies => Definition is null
        ? Currency is null ? [] : [Currency]
        : Definition.Currencies.Select(c => c.Code).Prepend(Definition.Currency)
            .OrderBy(code => code == (Definition.GroupFor(Partner.Country)?.Currency ?? Definition.Currency) ? 0 : 1)
            .ToArray();

    /// <summary>What a line in another currency counts for under the active definition (null for the program currency or a month with no rate).</summary>
    public decimal? ConvertedAmount(RevenueLine line) =>
        Definition is null || line.Currency == Definition.Currency || Definition.RateFor(line.Currency, line.Period) is not { } rate
            ? null
            : CurrencyConversion.Convert(line.Amount, rate);

    /// <summary>The page's path for a partner.</summary>
    public static string PathOf(string partnerId) => "/partner/" + Uri.EscapeDataString(partnerId) + "/evidence";

    /// <summary>The partner's own view of a document it sent for a reference.</summary>
    public static string DocumentPathOf(string partnerId, string referenceId, string documentId) =>
        $"{PathOf(partnerId)}/references/{Uri.EscapeDataString(referenceId)}/documents/{Uri.EscapeDataString(documentId)}";

    /// <summary>The competency's name, else its id.</summary>
    public string CompetencyName(string competencyId) => Competencies.FirstOrDefault(c => c.Id == competencyId)?.Name ?? competencyId;

    /// <summary>True when the partner entered the line itself (it can change it); distributor lines are read-only.</summary>
    public static bool IsPartnerLine(RevenueLine line) => Http.ApiIds.IsValid(line.Id);
}

/// <summary>A document that was not stored, for the reference's file field.</summary>
public sealed record DocumentRefusal(string ReferenceId, string Message);
