using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.TierEvaluation;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>
/// The tier change emails read as native: every reason, for a French partner, comes out in French with French tiers
/// and dates ("1er mars 2027"); for an English partner in English. Names with an apostrophe, accents or markup too, never after an unelided "de".
/// </summary>
public sealed class TierChangeEmailTextTests
{
    // English words that must not appear in a French email (the program's own names, Principal and Expert, may).
    private static readonly string[] EnglishWords = ["Evidence", "evidence", "upgrade", "downgrade", "revenue", "next level", "grace period", "Silver", "Gold", "Platinum", "Registered", "staff", " kept ", " until ", "supports"];

    private static readonly DateOnly March1 = new(2027, 3, 1);

    public static TheoryData<TierReasonCode> Codes => new(Enum.GetValues<TierReasonCode>());

    [Theory]
    [MemberData(nameof(Codes))]
    public void TierChangeNotification_FrenchPartner_EveryReasonInFrenchWithFrenchTiersAndDays(TierReasonCode code)
    {
        var email = Render(code, "fr", "Atelier d'Inès <b>");

        var text = email.Subject + "\n" + email.TextBody;
        Assert.All(EnglishWords, word => Assert.DoesNotContain(word, text, StringComparison.Ordinal));
        Assert.DoesNotContain("de Atelier", text, StringComparison.Ordinal);
        Assert.Contains("Atelier d'Inès <b>", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Atelier d'Inès <b>", System.Net.WebUtility.HtmlDecode(email.HtmlBody), StringComparison.Ordinal);
        Assert.Contains(TierReasonText.Of(Reason(code), "fr"), email.TextBody, StringComparison.Ordinal);
        if (Reason(code).Until is not null)
        {
            Assert.Contains("1er mars 2027", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void TierChangeNotification_EnglishPartner_EveryReasonInEnglish(TierReasonCode code)
    {
        var email = Render(code, "en", "Acme");

        Assert.Contains(TierReasonText.Of(Reason(code), "en"), email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("niveau", email.TextBody, StringComparison.Ordinal);
        if (Reason(code).Until is not null)
        {
            Assert.Contains("1 March 2027", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Of_EveryCodeInBothLanguages_IsASentenceOfItsOwn()
    {
        var sentences = Enum.GetValues<TierReasonCode>().SelectMany(c => new[] { TierReasonText.Of(Reason(c), "fr"), TierReasonText.Of(Reason(c), "en") }).ToArray();

        Assert.Equal(sentences.Length, sentences.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sentences, s => Assert.EndsWith(".", s, StringComparison.Ordinal));
    }

    private static TierReason Reason(TierReasonCode code) => code switch
    {
        TierReasonCode.GracePeriodEnded or TierReasonCode.GracePeriodContinues or TierReasonCode.GracePeriodStarted or TierReasonCode.StaffKeptTier => new TierReason(code, Tier.Silver, Tier.Gold, March1),
        _ => new TierReason(code, Tier.Silver, Tier.Gold),
    };

    private static RenderedEmail Render(TierReasonCode code, string language, string name)
    {
        var partner = new Partner("p-1", name, "FR", language, "contact@p1.example", [], Tier.Gold);
        var kind = code == TierReasonCode.GracePeriodStarted ? TierChangeKind.GracePeriodStarted : TierChangeKind.Upgraded;
        var change = new TierChange(kind, Tier.Gold, Tier.Silver, new TierState(Tier.Gold, Tier.Silver, March1, false), Reason(code));
        var notification = PartnerTierService.TierChangeNotification(partner, ProgramDefinitionLoader.LoadDefault(), change, "run-1", NotificationTemplateRendererTests.PublicBaseUrl);
        var values = new Dictionary<string, string>(notification.Values, StringComparer.Ordinal) { [NotificationTemplateCatalog.RecipientName] = name };
        return NotificationTemplateRendererTests.CreateRenderer().Render(notification.Template, notification.Language, values);
    }
}
