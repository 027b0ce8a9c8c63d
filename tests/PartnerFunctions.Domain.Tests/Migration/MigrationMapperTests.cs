using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;
using static PartnerFunctions.Domain.Tests.TestData.EvidenceBuilder;

namespace PartnerFunctions.Domain.Tests.Migration;

/// <summary>Legacy specializations mapped to competencies, and each partner's preview on the effective date.</summary>
public sealed class MigrationMapperTests
{
    private static ProgramDefinition Definition => TestDefinitions.Default;

    /// <summary>The rollout day of the default definition: previews evaluate on it.</summary>
    private static DateOnly Rollout => new(2026, 10, 1);

    private static EvidenceBuilder AtRollout() => new(Rollout);

    // ---- Mapping ----

    [Fact]
    public void CandidatesFor_EndpointSecurity_MapsToEnterpriseAndSmallBusinessCompetencies()
    {
        var candidates = MigrationMapper.CandidatesFor(Definition, ["tech-endpoint-security"]);

        Assert.Equal([EndpointSecurityEnt, EndpointSecuritySmb], candidates.Select(c => c.Competency.Id));
        Assert.All(candidates, c => Assert.Equal(["tech-endpoint-security"], c.FromLegacy));
    }

    [Fact]
    public void CandidatesFor_StorageFoundationAndHighAvailability_FoldIntoOneCandidate()
    {
        var candidates = MigrationMapper.CandidatesFor(Definition, ["tech-storage-foundation", "tech-high-availability"]);

        var candidate = Assert.Single(candidates);
        Assert.Equal(StorageAvailability, candidate.Competency.Id);
        Assert.Equal(["tech-storage-foundation", "tech-high-availability"], candidate.FromLegacy);
    }

    [Fact]
    public void CandidatesFor_OnlyOneOfTheFoldedSpecializations_StillMaps()
    {
        var candidate = Assert.Single(MigrationMapper.CandidatesFor(Definition, ["tech-high-availability"]));

        Assert.Equal(StorageAvailability, candidate.Competency.Id);
        Assert.Equal(["tech-high-availability"], candidate.FromLegacy);
    }

    [Theory]
    [InlineData("tech-endpoint-management", EndpointManagement)]
    [InlineData("tech-dlp", DataLossPrevention)]
    [InlineData("tech-encryption", Encryption)]
    [InlineData("tech-messaging-security", MessagingWebSecurity)]
    [InlineData("tech-security-information-management", ThreatManagement)]
    [InlineData("tech-netbackup", BackupRecoveryEnt)]
    [InlineData("tech-backup-exec", BackupRecoverySmb)]
    [InlineData("tech-archiving", ArchivingEdiscovery)]
    public void CandidatesFor_TechnicalSpecialization_MapsToItsCompetency(string legacy, string competencyId)
    {
        var candidate = Assert.Single(MigrationMapper.CandidatesFor(Definition, [legacy]));

        Assert.Equal(competencyId, candidate.Competency.Id);
        Assert.Equal([legacy], candidate.FromLegacy);
    }

    [Fact]
    public void CandidatesFor_Duplicates_AreListedOnce()
    {
        var candidate = Assert.Single(MigrationMapper.CandidatesFor(Definition, ["tech-dlp", "tech-dlp"]));

        Assert.Equal(["tech-dlp"], candidate.FromLegacy);
    }

    [Fact]
    public void CandidatesFor_ManySpecializations_AreInCatalogOrder()
    {
        var candidates = MigrationMapper.CandidatesFor(Definition, ["tech-archiving", "market-smb-backup", "tech-dlp", "tech-endpoint-security", "tech-unknown"]);

        Assert.Equal([EndpointSecurityEnt, EndpointSecuritySmb, DataLossPrevention, ArchivingEdiscovery], candidates.Select(c => c.Competency.Id));
    }

    [Theory]
    [InlineData("market-smb-security")]
    [InlineData("market-smb-backup")]
    [InlineData("market-smb-messaging")]
    [InlineData("market-smb-endpoint-management")]
    [InlineData("market-public-sector")]
    public void NotesFor_RetiredMarketSpecialization_GivesRetiredNoteAndNoCandidate(string legacy)
    {
        var note = Assert.Single(MigrationMapper.NotesFor(Definition, [legacy]));

        var retired = Definition.FindRetired(legacy)!;
        Assert.Equal(new MigrationNote(legacy, MigrationNoteKind.RetiredSpecialization, retired.Note, retired.NoteFr), note);
        Assert.StartsWith("La spécialisation ", note.NoteFr, StringComparison.Ordinal);
        Assert.Empty(MigrationMapper.CandidatesFor(Definition, [legacy]));
    }

    [Fact]
    public void NotesFor_UnknownSpecialization_GivesAnUnknownNoteNamingItWithoutWords()
    {
        var note = Assert.Single(MigrationMapper.NotesFor(Definition, ["tech-mainframe"]));

        // The domain names the case; each language words it at the edge.
        Assert.Equal(new MigrationNote("tech-mainframe", MigrationNoteKind.UnknownSpecialization, null), note);
    }

    [Fact]
    public void NotesFor_MappedSpecializations_GiveNoNote() =>
        Assert.Empty(MigrationMapper.NotesFor(Definition, ["tech-endpoint-security", "tech-storage-foundation", "tech-high-availability"]));

    [Fact]
    public void NotesFor_Mixed_OneNotePerUnmappedSpecializationInOrder()
    {
        var notes = MigrationMapper.NotesFor(Definition, ["market-public-sector", "tech-dlp", "tech-mainframe", "market-public-sector", "market-smb-security"]);

        Assert.Equal(["market-public-sector", "tech-mainframe", "market-smb-security"], notes.Select(n => n.LegacySpecialization));
        Assert.Equal([MigrationNoteKind.RetiredSpecialization, MigrationNoteKind.UnknownSpecialization, MigrationNoteKind.RetiredSpecialization], notes.Select(n => n.Kind));
    }

    [Fact]
    public void CandidatesForAndNotesFor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.CandidatesFor(null!, []));
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.CandidatesFor(Definition, null!));
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.NotesFor(null!, []));
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.NotesFor(Definition, null!));
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.Preview(null!, AtRollout().Build()));
        Assert.Throws<ArgumentNullException>(() => MigrationMapper.Preview(Definition, null!));
    }

    // ---- Preview ----

    [Fact]
    public void Preview_Header_DescribesPartnerDefinitionAndRollout()
    {
        var evidence = AtRollout()
            .WithPartner("fr-000007", "Provence Réseaux SARL")
            .WithLegacySpecializations("tech-dlp", "market-public-sector")
            .WithLegacyTier(Tier.Silver)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal("fr-000007", preview.PartnerId);
        Assert.Equal("Provence Réseaux SARL", preview.PartnerName);
        Assert.Equal(TestDefinitions.DefaultVersionTag, preview.DefinitionVersion);
        Assert.Equal(Rollout, preview.EffectiveDate);
        Assert.Equal(["tech-dlp", "market-public-sector"], preview.LegacySpecializations);
        Assert.Equal(Tier.Silver, preview.LegacyTier);
        Assert.Equal(Tier.Registered, preview.ProposedTier);
        var note = Assert.Single(preview.Notes);
        Assert.Equal(MigrationNoteKind.RetiredSpecialization, note.Kind);
    }

    [Fact]
    public void Preview_QualifiedOnLegacyCompetency_IsCandidateAtThatLevel()
    {
        var evidence = AtRollout()
            .WithLegacySpecializations("tech-endpoint-security")
            .Qualifying(EndpointSecurityEnt, CompetencyLevel.Principal)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal([EndpointSecurityEnt, EndpointSecuritySmb], preview.Candidates.Select(c => c.CompetencyId));
        var ent = preview.Candidates[0];
        Assert.Equal("Endpoint Security", ent.Name);
        Assert.Equal(["tech-endpoint-security"], ent.FromLegacy);
        Assert.Equal(CompetencyLevel.Principal, ent.Level);
        Assert.Equal([Clause.AccreditedPeople, Clause.CompetencyRevenue, Clause.ValidatedReferences], ent.Gaps.Select(g => g.Clause));
        var smb = preview.Candidates[1];
        Assert.Equal(CompetencyLevel.None, smb.Level);
        Assert.True(preview.Migrates);
    }

    [Fact]
    public void Preview_MissingOnePersonAndOneReference_GapsSayExactlyThat()
    {
        var evidence = AtRollout()
            .WithLegacySpecializations("tech-encryption")
            .WithAccreditedPeople(Encryption, 1)
            .WithRevenue(Encryption, 80_000m)
            .Build();

        var candidate = Assert.Single(MigrationMapper.Preview(Definition, evidence).Candidates);

        Assert.Equal(CompetencyLevel.None, candidate.Level);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.AccreditedPeople, 2m, 1m, false),
                new ClauseReceipt(Clause.ValidatedReferences, 1m, 0m, false),
            ],
            candidate.Gaps);
        Assert.Equal([1m, 1m], candidate.Gaps.Select(g => g.Shortfall));
    }

    [Fact]
    public void Preview_QualifiedWithoutLegacyMapping_IsCandidateWithEmptyFromLegacy()
    {
        var evidence = AtRollout()
            .WithLegacySpecializations("tech-dlp")
            .Qualifying(IdentityAuthentication, CompetencyLevel.Expert)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal([DataLossPrevention, IdentityAuthentication], preview.Candidates.Select(c => c.CompetencyId));
        var identity = preview.Candidates[1];
        Assert.Empty(identity.FromLegacy);
        Assert.Equal(CompetencyLevel.Expert, identity.Level);
        Assert.Empty(identity.Gaps);
        Assert.True(preview.Migrates);
    }

    [Fact]
    public void Preview_NotMappedAndNotQualified_IsNotACandidate()
    {
        var evidence = AtRollout()
            .WithAccreditedPeople(Encryption, 5)
            .WithRevenue(Encryption, 1_000_000m)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Empty(preview.Candidates);
        Assert.False(preview.Migrates);
    }

    [Fact]
    public void Preview_EvaluatesOnEffectiveDate_AccreditationExpiringTheDayBeforeDoesNotCount()
    {
        var evidence = AtRollout()
            .WithLegacySpecializations("tech-encryption")
            .WithEmployee(Accredited(Encryption, new DateOnly(2025, 1, 10), new DateOnly(2026, 9, 30)))
            .WithEmployee(Accredited(Encryption, new DateOnly(2025, 1, 10), new DateOnly(2026, 9, 30)))
            .WithRevenue(Encryption, 50_000m)
            .WithReferences(Encryption, 1)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        var candidate = Assert.Single(preview.Candidates);
        Assert.Equal(CompetencyLevel.None, candidate.Level);
        Assert.Equal(new ClauseReceipt(Clause.AccreditedPeople, 2m, 0m, false), Assert.Single(candidate.Gaps));
        Assert.False(preview.Migrates);
    }

    [Fact]
    public void Preview_EvaluatesOnEffectiveDate_AccreditationExpiringThatDayCounts()
    {
        var evidence = AtRollout()
            .WithLegacySpecializations("tech-encryption")
            .WithEmployee(Accredited(Encryption, new DateOnly(2025, 1, 10), Rollout))
            .WithEmployee(Accredited(Encryption, new DateOnly(2024, 10, 1)))
            .WithRevenue(Encryption, 50_000m)
            .WithReferences(Encryption, 1)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal(CompetencyLevel.Principal, Assert.Single(preview.Candidates).Level);
        Assert.True(preview.Migrates);
    }

    [Fact]
    public void Preview_EvaluatesOnEffectiveDate_NotOnTheDayItRuns()
    {
        // Evidence built as of August: people joining in September and revenue booked in October count at rollout.
        var august = new EvidenceBuilder(new DateOnly(2026, 8, 20));
        var evidence = august
            .WithLegacySpecializations("tech-archiving")
            .WithPerson(new DateOnly(2026, 9, 1), null, Accredited(ArchivingEdiscovery, new DateOnly(2026, 9, 15)))
            .WithPerson(new DateOnly(2026, 9, 1), null, Accredited(ArchivingEdiscovery, new DateOnly(2026, 9, 15)))
            .WithRevenue(ArchivingEdiscovery, 30_000m, new DateOnly(2026, 10, 1))
            .WithRevenue(ArchivingEdiscovery, 20_000m, new DateOnly(2025, 11, 1))
            .WithRevenue(ArchivingEdiscovery, 900_000m, new DateOnly(2025, 10, 1))
            .WithReferences(ArchivingEdiscovery, 1)
            .Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal(CompetencyLevel.Principal, Assert.Single(preview.Candidates).Level);
        Assert.Equal(CompetencyLevel.None, PartnerEvaluator.Evaluate(Definition, evidence, august.AsOf).LevelOf(ArchivingEdiscovery));
    }

    [Fact]
    public void Preview_OtherEffectiveDate_EvaluatesOnThatDate()
    {
        var definition = TestDefinitions.Mutated(root => root["effectiveDate"] = "2027-01-15");
        var evidence = new EvidenceBuilder(new DateOnly(2027, 1, 15), definition)
            .WithLegacySpecializations("tech-encryption")
            .WithEmployee(Accredited(Encryption, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 14)))
            .WithEmployee(Accredited(Encryption, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 15)))
            .WithEmployee(Accredited(Encryption, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 15)))
            .WithRevenue(Encryption, 50_000m)
            .WithReferences(Encryption, 1)
            .Build();

        var preview = MigrationMapper.Preview(definition, evidence);

        Assert.Equal(new DateOnly(2027, 1, 15), preview.EffectiveDate);
        Assert.Equal(CompetencyLevel.Principal, Assert.Single(preview.Candidates).Level);
    }

    public static TheoryData<Tier, Tier, MigrationOutcome> Outcomes => new()
    {
        { Tier.Gold, Tier.Gold, MigrationOutcome.Keep },
        { Tier.Registered, Tier.Registered, MigrationOutcome.Keep },
        { Tier.Silver, Tier.Gold, MigrationOutcome.Gain },
        { Tier.Registered, Tier.Platinum, MigrationOutcome.Gain },
        { Tier.Platinum, Tier.Gold, MigrationOutcome.Lose },
        { Tier.Silver, Tier.Registered, MigrationOutcome.Lose },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Preview_ProposedTierAgainstLegacyTier_GivesOutcome(Tier legacyTier, Tier proposed, MigrationOutcome expected)
    {
        var evidence = EvidenceFor(proposed).WithLegacyTier(legacyTier).Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal(proposed, preview.ProposedTier);
        Assert.Equal(legacyTier, preview.LegacyTier);
        Assert.Equal(expected, preview.Outcome);
    }

    [Fact]
    public void Preview_GapsToNextTier_AreTheEvaluationsGaps()
    {
        var evidence = EvidenceFor(Tier.Gold).Build();

        var preview = MigrationMapper.Preview(Definition, evidence);

        Assert.Equal([new ClauseReceipt(Clause.TotalRevenue, 2_000_000m, 500_000m, false), new ClauseReceipt(Clause.CompetenciesHeld, 3m, 1m, false)], preview.GapsToNextTier);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    public void Preview_Migrates_IffAtLeastOneCompetencyHeld(int competencies, bool migrates)
    {
        var builder = AtRollout().WithLegacySpecializations("tech-dlp", "tech-netbackup", "tech-archiving").WithLegacyTier(Tier.Gold);
        foreach (var id in new[] { DataLossPrevention, BackupRecoveryEnt, ArchivingEdiscovery }.Take(competencies))
        {
            builder.Qualifying(id, CompetencyLevel.Principal);
        }

        var preview = MigrationMapper.Preview(Definition, builder.Build());

        Assert.Equal(migrates, preview.Migrates);
        Assert.Equal(3, preview.Candidates.Count);
        Assert.Equal(competencies, preview.Candidates.Count(c => c.Level != CompetencyLevel.None));
    }

    [Fact]
    public void Preview_GeneratedPartners_CandidatesCoverEveryHeldCompetencyAndEveryMappedOne()
    {
        var generator = new RandomPartnerGenerator(seed: 12);
        for (var i = 0; i < 300; i++)
        {
            var evidence = generator.NextPartner(Rollout);

            var preview = MigrationMapper.Preview(Definition, evidence);
            var evaluation = PartnerEvaluator.Evaluate(Definition, evidence, Rollout);

            var held = Definition.Competencies.Where(c => evaluation.LevelOf(c.Id) != CompetencyLevel.None).Select(c => c.Id);
            var mapped = MigrationMapper.CandidatesFor(Definition, evidence.Partner.LegacySpecializations).Select(c => c.Competency.Id);
            Assert.Equal(held.Union(mapped).Order(StringComparer.Ordinal), preview.Candidates.Select(c => c.CompetencyId).Order(StringComparer.Ordinal));
            Assert.Equal(evaluation.CompetenciesHeld > 0, preview.Migrates);
            Assert.Equal(evaluation.Tier, preview.ProposedTier);
            Assert.All(preview.Candidates, c => Assert.Equal(evaluation.LevelOf(c.CompetencyId), c.Level));
            Assert.Equal(
                evidence.Partner.LegacySpecializations.Distinct().Count(l => Definition.FindRetired(l) is not null || MigrationMapper.CandidatesFor(Definition, [l]).Count == 0),
                preview.Notes.Count);
        }
    }

    // Evidence at rollout that evaluates to exactly the tier asked for.
    private static EvidenceBuilder EvidenceFor(Tier tier)
    {
        var builder = AtRollout();
        return tier switch
        {
            Tier.Registered => builder,
            Tier.Silver => builder.Qualifying(Encryption, CompetencyLevel.Principal).WithRevenue(IdentityAuthentication, 50_000m),
            Tier.Gold => builder.Qualifying(Encryption, CompetencyLevel.Principal).WithRevenue(IdentityAuthentication, 450_000m),
            _ => builder
                .Qualifying(Encryption, CompetencyLevel.Principal)
                .Qualifying(EndpointManagement, CompetencyLevel.Principal)
                .Qualifying(DataLossPrevention, CompetencyLevel.Principal)
                .WithRevenue(IdentityAuthentication, 1_850_000m),
        };
    }
}
