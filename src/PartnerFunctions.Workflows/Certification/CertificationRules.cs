using System.Text;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Approvals;

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
    internal static string LevelText(CompetencyLevel level, bool french) => level switch
    {
        CompetencyLevel.Principal => "Principal",
        CompetencyLevel.Expert => "Expert",
        _ => french ? "aucun (niveau non accordé)" : "none (no level granted)",
    };

    /// <summary>The outcome in a few lines: tier, references decided, what is missing for the next level.</summary>
    internal static string Summary(LevelGrant grant, IReadOnlyList<ReferenceOutcome> references, string currency, bool french)
    {
        var text = new StringBuilder();
        text.Append(french ? F($"Niveau de partenariat : {grant.Tier}.") : F($"Partner tier: {grant.Tier}."));
        if (references.Count > 0)
        {
            var approved = references.Count(r => r.Outcome == ApprovalStatus.Approved);
            var rejected = references.Count(r => r.Outcome == ApprovalStatus.Rejected);
            var expired = references.Count(r => r.Outcome == ApprovalStatus.Expired);
            text.Append(' ').Append(french
                ? F($"Références clients examinées : {approved} validée(s), {rejected} refusée(s), {expired} sans réponse.")
                : F($"Customer references reviewed: {approved} approved, {rejected} rejected, {expired} without an answer."));
        }

        if (grant.Gaps.Count > 0)
        {
            var next = grant.Level == CompetencyLevel.None ? CompetencyLevel.Principal : grant.Level + 1;
            var gaps = string.Join(", ", grant.Gaps.Select(g => GapText(g, currency, french)));
            text.Append(' ').Append(french ? F($"Pour le niveau {next}, il manque : {gaps}.") : F($"Missing for {next}: {gaps}."));
        }

        return text.ToString();
    }

    private static string GapText(ClauseReceipt gap, string currency, bool french)
    {
        var shortfall = gap.Shortfall;
        return gap.Clause switch
        {
            Clause.AccreditedPeople => french ? F($"{shortfall:0} personne(s) accréditée(s)") : F($"{shortfall:0} accredited person(s)"),
            Clause.CompetencyRevenue => french ? F($"{shortfall:#,0.##} {currency} de chiffre d'affaires") : F($"{shortfall:#,0.##} {currency} of revenue"),
            Clause.ValidatedReferences => french ? F($"{shortfall:0} référence(s) validée(s)") : F($"{shortfall:0} validated reference(s)"),
            Clause.Satisfaction => french ? F($"une satisfaction moyenne d'au moins {gap.Required:0.0}/5") : F($"an average satisfaction of at least {gap.Required:0.0}/5"),
            _ => F($"{gap.Clause} {gap.Required}"),
        };
    }

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
