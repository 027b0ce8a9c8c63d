using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Reevaluation;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>
/// The certification outcome's summary and the accreditation reminder in the partner's language, with edge values:
/// plurals at 0, 1 and 2, large amounts ("130 000 EUR" / "130,000 EUR"), French days ("1er mars 2027").
/// </summary>
public sealed class PartnerEmailTextTests
{
    private static readonly ProgramDefinition Definition = ProgramDefinitionLoader.LoadDefault();

    [Theory]
    [InlineData("fr", 1, 130_000, "Niveau de partenariat : Argent. Références clients examinées : 1 validée, 0 refusée, 2 sans réponse. Pour le niveau Principal, il manque : 1 personne accréditée, 130\u202F000\u00A0EUR de chiffre d'affaires.")]
    [InlineData("fr", 2, 1_250.5, "Niveau de partenariat : Argent. Références clients examinées : 1 validée, 0 refusée, 2 sans réponse. Pour le niveau Principal, il manque : 2 personnes accréditées, 1\u202F250,50\u00A0EUR de chiffre d'affaires.")]
    [InlineData("en", 1, 130_000, "Partner tier: Silver. Customer references reviewed: 1 approved, 0 rejected, 2 without an answer. Missing for Principal: 1 accredited person, 130,000\u00A0EUR of revenue.")]
    [InlineData("en", 2, 1_250.5, "Partner tier: Silver. Customer references reviewed: 1 approved, 0 rejected, 2 without an answer. Missing for Principal: 2 accredited people, 1,250.50\u00A0EUR of revenue.")]
    public void Summary_GapsAndReferences_InThePartnersLanguageWithItsPluralsAndAmounts(string language, int people, double revenue, string expected)
    {
        var grant = new LevelGrant(
            CompetencyLevel.None,
            CompetencyLevel.None,
            Tier.Silver,
            TierChangeKind.Unchanged,
            [new ClauseReceipt(Clause.AccreditedPeople, 2 + people, 2, false), new ClauseReceipt(Clause.CompetencyRevenue, 200_000m, 200_000m - (decimal)revenue, false)],
            Definition.VersionTag,
            true);
        ReferenceOutcome[] references =
        [
            new("r1", ApprovalStatus.Approved, "staff", "a1"),
            new("r2", ApprovalStatus.Expired, "system", null),
            new("r3", ApprovalStatus.Expired, "system", null),
        ];

        Assert.Equal(expected, CertificationRules.Summary(grant, references, "EUR", language));
    }

    [Theory]
    [InlineData("fr", 0, "0 jour", "1er mars 2027")]
    [InlineData("fr", 1, "1 jour", "1er mars 2027")]
    [InlineData("fr", 2, "2 jours", "1er mars 2027")]
    [InlineData("en", 0, "0 days", "1 March 2027")]
    [InlineData("en", 1, "1 day", "1 March 2027")]
    [InlineData("en", 30, "30 days", "1 March 2027")]
    public void ReminderNotification_DaysLeftAndExpiry_WordedInThePartnersLanguage(string language, int daysLeft, string days, string expiresOn)
    {
        var partner = new Partner("p-1", "L'Atelier", "FR", language, "contact@p1.example", [], Tier.Silver);
        var accreditation = new Accreditation("encryption", new DateOnly(2025, 3, 1), new DateOnly(2027, 3, 1));
        var person = new Person("pe1", "Inès Ågren", new DateOnly(2020, 1, 1), null, [accreditation]);
        var reminder = new DueReminder(person, accreditation, Definition.FindCompetency("encryption")!, new DateOnly(2027, 3, 1), daysLeft, 30);

        var notification = AccreditationReminders.ToNotification(partner, reminder, NotificationTemplateRendererTests.PublicBaseUrl);
        var values = new Dictionary<string, string>(notification.Values, StringComparer.Ordinal) { [PartnerFunctions.Workflows.Notifications.NotificationTemplateCatalog.RecipientName] = "Inès" };
        var email = NotificationTemplateRendererTests.CreateRenderer().Render(notification.Template, language, values);

        Assert.Equal(days, notification.Values["daysLeft"]);
        Assert.Equal(expiresOn, notification.Values["expiresOn"]);
        Assert.Contains($"{expiresOn}, {(language == "fr" ? "dans" : "in")} {days}.", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(" jours jours", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("de Inès", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", 1, "Le 2 mars 2027, vous perdez le niveau Principal en Encryption, sauf si l'accréditation est renouvelée")]
    [InlineData("en", 1, "On 2 March 2027 you lose Principal in Encryption, unless the accreditation is renewed")]
    [InlineData("fr", 2, "À ce jour, cette expiration ne vous fait perdre aucun niveau.")]
    [InlineData("en", 2, "As things stand, this expiry costs you no level.")]
    public void ReminderNotification_ExpiryThatCostsALevel_SaysWhenAndWhichUnlessItIsEnough(string language, int otherPeople, string expected)
    {
        var asOf = new DateOnly(2027, 2, 1);
        var expiring = new Accreditation("encryption", new DateOnly(2025, 3, 1), new DateOnly(2027, 3, 1));
        var people = new List<Person> { new("pe1", "Inès Ågren", new DateOnly(2020, 1, 1), null, [expiring]) };
        people.AddRange(Enumerable.Range(0, otherPeople).Select(i => new Person("o" + i, "Other " + i, new DateOnly(2020, 1, 1), null, [new Accreditation("encryption", new DateOnly(2026, 6, 1), null)])));
        var evidence = new PartnerEvidence(
            new Partner("p-1", "Acme", "FR", language, "contact@p1.example", [], Tier.Silver),
            people,
            [new RevenueLine("r1", "encryption", new DateOnly(2027, 1, 1), 60_000m, "EUR")],
            [new CustomerReference("c1", "encryption", "Client", Market.Midmarket, ReferenceState.Approved, 4.5m)]);

        var reminder = Assert.Single(AccreditationReminders.Due(Definition, evidence, asOf), r => r.Person.Id == "pe1");
        var notification = AccreditationReminders.ToNotification(evidence.Partner, reminder, NotificationTemplateRendererTests.PublicBaseUrl);

        Assert.StartsWith(expected, notification.Values["consequence"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", " : pas encore, il manque 1 personne accréditée, ", "de chiffre d'affaires", new[] { "missing", "revenue", "accredited", "not yet" })]
    [InlineData("en", ": not yet, missing 1 accredited person, ", "of revenue", new[] { "manque", "chiffre", "accréditée" })]
    public void MigrationValues_CandidateShortOfPrincipal_SummaryAndTiersInThePartnersLanguage(string language, string missing, string revenue, string[] foreign)
    {
        var evidence = new Support.PartnerEvidenceBuilder("p-mig", new DateOnly(2026, 9, 1))
            .WithLanguage(language)
            .WithLegacySpecializations("tech-endpoint-security")
            .WithAccreditedPeople("endpoint-security-ent", 1)
            .WithRevenue("endpoint-security-ent", 20_000m)
            .Build();
        var preview = Domain.Migration.MigrationMapper.Preview(Definition, evidence);

        var values = PartnerFunctions.Workflows.Migration.MigrationEmails.Values(preview, evidence.Partner, Tier.Silver, new WorkflowOptions { PublicBaseUrl = NotificationTemplateRendererTests.PublicBaseUrl }, "EUR", Definition.EffectiveDate.AddDays(-1));

        Assert.Contains(missing, values["previewSummary"], StringComparison.Ordinal);
        Assert.Contains(revenue, values["previewSummary"], StringComparison.Ordinal);
        Assert.All(foreign, word => Assert.DoesNotContain(word, values["previewSummary"], StringComparison.Ordinal));
        Assert.Equal(ProgramText.Tier(Tier.Silver, language), values["currentTier"]);
        Assert.Equal(ProgramText.Day(Definition.EffectiveDate, language), values["effectiveDate"]);
    }

    [Theory]
    [InlineData("fr", "market-smb-security : La spécialisation Small Business Security prend fin au lancement.", "tech-mainframe : cette spécialisation ne fait pas partie du nouveau programme ; l'équipe du programme l'examinera.", new[] { "ends at rollout", "counts toward", "not part of", "review" })]
    [InlineData("en", "market-smb-security: The Small Business Security specialization ends at rollout.", "tech-mainframe: this specialization is not part of the new program; program staff will review it.", new[] { "prend fin", "spécialisation", "examinera" })]
    public void MigrationValues_RetiredAndUnknownSpecializations_NotesInThePartnersLanguage(string language, string retired, string unknown, string[] foreign)
    {
        var evidence = new Support.PartnerEvidenceBuilder("p-notes", new DateOnly(2026, 9, 1))
            .WithLanguage(language)
            .WithLegacySpecializations("market-smb-security", "tech-mainframe")
            .Build();
        var preview = Domain.Migration.MigrationMapper.Preview(Definition, evidence);

        var summary = PartnerFunctions.Workflows.Migration.MigrationEmails.Values(preview, evidence.Partner, Tier.Silver, new WorkflowOptions { PublicBaseUrl = NotificationTemplateRendererTests.PublicBaseUrl }, "EUR", Definition.EffectiveDate.AddDays(-1))["previewSummary"];

        Assert.Contains(retired, summary, StringComparison.Ordinal);
        Assert.Contains(unknown, summary, StringComparison.Ordinal);
        Assert.All(foreign, word => Assert.DoesNotContain(word, summary, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fr", -1, "Le 1er octobre 2026, le programme partenaires remplace")]
    [InlineData("fr", 0, "Depuis le 1er octobre 2026, le programme partenaires a remplacé")]
    [InlineData("fr", 63, "Depuis le 1er octobre 2026, le programme partenaires a remplacé")]
    [InlineData("en", -1, "On 1 October 2026 the partner program replaces")]
    [InlineData("en", 63, "Since 1 October 2026 the partner program has replaced")]
    public void MigrationValues_SentBeforeOrAfterTheEffectiveDate_TenseFollowsTheDate(string language, int daysAfter, string expected)
    {
        var evidence = new Support.PartnerEvidenceBuilder("p-tense").WithLanguage(language).Build();
        var preview = Domain.Migration.MigrationMapper.Preview(Definition, evidence);

        var values = PartnerFunctions.Workflows.Migration.MigrationEmails.Values(preview, evidence.Partner, Tier.Registered, new WorkflowOptions { PublicBaseUrl = NotificationTemplateRendererTests.PublicBaseUrl }, "EUR", Definition.EffectiveDate.AddDays(daysAfter));
        var email = NotificationTemplateRendererTests.CreateRenderer().Render(PartnerFunctions.Workflows.Notifications.NotificationTemplates.MigrationPreview, language, new Dictionary<string, string>(values) { [PartnerFunctions.Workflows.Notifications.NotificationTemplateCatalog.RecipientName] = "Inès" });

        Assert.StartsWith(expected, values["programChange"], StringComparison.Ordinal);
        Assert.Contains(expected, email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Inès", "fr", "d'Inès")]
    [InlineData("Hélène", "fr", "d'Hélène")]
    [InlineData("Marc", "fr", "de Marc")]
    [InlineData("Inès", "en", "of Inès")]
    public void Of_NameInALanguage_ElidesBeforeAVowelInFrench(string name, string language, string expected) =>
        Assert.Equal(expected, ProgramText.Of(name, language));

    [Theory]
    [InlineData(1, "fr", "1er octobre 2026")]
    [InlineData(3, "fr", "3 décembre 2026")]
    [InlineData(1, "en", "1 October 2026")]
    public void Day_FirstOfTheMonth_IsPremierInFrench(int day, string language, string expected) =>
        Assert.Equal(expected, ProgramText.Day(new DateOnly(2026, day == 3 ? 12 : 10, day), language));
}
