using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Infrastructure.Tests;

internal static class TestData
{
    public static readonly ProgramDefinition Definition = ProgramDefinitionLoader.LoadDefault();

    public static Partner Partner(string id, Tier legacyTier = Tier.Gold) =>
        new(id, "Sécurité Lyon SAS", "FR", "fr", "contact@" + id + ".example", ["tech-endpoint-security", "market-smb-security"], legacyTier);

    public static PartnerEvidence Evidence(string id, int people = 2, int revenueLines = 3, int references = 2)
    {
        var competency = Definition.Competencies[0];
        return new PartnerEvidence(
            Partner(id),
            Enumerable.Range(0, people).Select(i => new Person(
                FormattableString.Invariant($"p{i:D3}"),
                FormattableString.Invariant($"Camille Martin {i}"),
                new DateOnly(2020, 1, 1),
                i % 5 == 4 ? new DateOnly(2026, 6, 30) : null,
                [new Accreditation(competency.Id, new DateOnly(2025, 3, 1), null), new Accreditation(Definition.Competencies[1].Id, new DateOnly(2025, 4, 2), new DateOnly(2027, 4, 1))])).ToArray(),
            Enumerable.Range(0, revenueLines).Select(i => new RevenueLine(
                FormattableString.Invariant($"erp:{i:D4}"),
                competency.Id,
                new DateOnly(2026, 1, 1).AddMonths(i % 12),
                12345.67m + i,
                "EUR")).ToArray(),
            Enumerable.Range(0, references).Select(i => new CustomerReference(
                FormattableString.Invariant($"r{i:D3}"),
                competency.Id,
                "Clinique de Lyon",
                competency.Market,
                i % 2 == 0 ? ReferenceState.Approved : ReferenceState.Submitted,
                i % 2 == 0 ? 4.5m : null)).ToArray());
    }
}
