using System.Text;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>Names, URLs and texts of the certification workflow, shared by its starter and activities.</summary>
public static class CertificationRules
{
    /// <summary>Conditional writes retried this many times when another writer wins.</summary>
    internal const int MaxConflictRetries = 3;

    /// <summary>The instance of a partner's certification in a competency: one at a time.</summary>
    public static string InstanceIdFor(string partnerId, string competencyId) => $"cert-{partnerId}-{competencyId}";

    /// <summary>Where the certification's status is read (from <c>Workflows:PublicBaseUrl</c>, never the Host header).</summary>
    public static string StatusUrl(string publicBaseUrl, string partnerId, string competencyId) =>
        $"{ApprovalLinks.ApiUrl(publicBaseUrl)}partners/{Uri.EscapeDataString(partnerId)}/certifications/{Uri.EscapeDataString(competencyId)}";

    /// <summary>The competency's index in the definition; throws when the definition does not have it.</summary>
    internal static int IndexOf(ProgramDefinition definition, string competencyId)
    {
        var index = definition.IndexOf(competencyId);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"Competency '{competencyId}' is not in the active program definition {definition.VersionTag}.");
    }

    /// <summary>An orchestration time (UTC, whatever its Kind after serialization) as an offset.</summary>
    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>The level as written to the partner.</summary>
    internal static string LevelText(CompetencyLevel level, string language) => (level, ProgramText.IsFrench(language)) switch
    {
        (CompetencyLevel.Principal, _) => "Principal",
        (CompetencyLevel.Expert, _) => "Expert",
        (_, true) => "aucun (niveau non accordé)",
        _ => "none (no level granted)",
    };

    /// <summary>The reference as the approval email sums it up, in the staff's language.</summary>
    internal static string ReferenceSummary(string referenceId, string partnerName, string partnerId, string competencyName, CustomerReference customer, string language)
    {
        var market = ProgramText.Market(customer.CustomerMarket, language);
        var satisfaction = customer.Satisfaction is { } s ? s.ToString("0.0", ProgramText.Numbers(language)) + "/5" : null;
        return ProgramText.IsFrench(language)
            ? $"Référence client {referenceId} soumise par {partnerName} ({partnerId}) pour {competencyName} : client {customer.CustomerName} ({market}), satisfaction {satisfaction ?? "non mesurée"}."
            : $"Customer reference {referenceId} of {partnerName} ({partnerId}) for {competencyName}: customer {customer.CustomerName} ({market}), satisfaction {satisfaction ?? "not measured"}.";
    }

    /// <summary>The outcome in a few lines, in the partner's language: tier, references decided, what is missing for the next level.</summary>
    internal static string Summary(LevelGrant grant, IReadOnlyList<ReferenceOutcome> references, string currency, string language)
    {
        var french = ProgramText.IsFrench(language);
        var tier = ProgramText.Tier(grant.Tier, language);
        var text = new StringBuilder();
        text.Append(french ? $"Niveau de partenariat : {tier}." : $"Partner tier: {tier}.");
        if (references.Count > 0)
        {
            var approved = references.Count(r => r.Outcome == ApprovalStatus.Approved);
            var rejected = references.Count(r => r.Outcome == ApprovalStatus.Rejected);
            var expired = references.Count(r => r.Outcome == ApprovalStatus.Expired);
            text.Append(' ').Append(french
                ? F($"Références clients examinées : {Count(approved, "validée", "validées", language)}, {Count(rejected, "refusée", "refusées", language)}, {Count(expired, "sans réponse", "sans réponse", language)}.")
                : F($"Customer references reviewed: {approved} approved, {rejected} rejected, {expired} without an answer."));
        }

        if (grant.Gaps.Count > 0)
        {
            var next = grant.Level == CompetencyLevel.None ? CompetencyLevel.Principal : grant.Level + 1;
            var gaps = string.Join(", ", grant.Gaps.Select(g => ProgramText.Gap(g, currency, language)));
            text.Append(' ').Append(french ? $"Pour le niveau {next}, il manque : {gaps}." : $"Missing for {next}: {gaps}.");
        }

        return text.ToString();
    }

    private static string Count(int count, string singular, string plural, string language) => ProgramText.Count(count, singular, plural, language);

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
