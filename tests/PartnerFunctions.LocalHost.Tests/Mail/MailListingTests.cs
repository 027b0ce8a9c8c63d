using PartnerFunctions.LocalHost.Mail;

namespace PartnerFunctions.LocalHost.Tests.Mail;

/// <summary>The mail list's search text and paging, on lists built in memory.</summary>
public sealed class MailListingTests
{
    [Theory]
    [InlineData("Sécurité", "securite")]
    [InlineData("ÉLOÏSE  Durand\n", "eloise durand")]
    [InlineData("Œuvre Straße Æther", "oeuvre strasse aether")]
    [InlineData("  à   bientôt ", "a bientot")]
    [InlineData("Se\u0301curite\u0301 ÇA Ñandú Łódź", "securite ca nandu lodz")]
    public void Fold_AccentsCaseAndSpaces_AreFolded(string value, string expected) =>
        Assert.Equal(expected, MailSearchText.Fold(value));

    [Fact]
    public void Of_MailWithTextAndHtml_HoldsRecipientSubjectAndText()
    {
        var mail = Mail("m1", "Élodie <elodie@example.fr>", "Votre niveau Sécurité", html: "<p>html seulement</p>", text: "Bonjour, vous êtes Gold.");

        var text = MailSearchText.Of(mail);

        Assert.Equal("elodie <elodie@example.fr> votre niveau securite bonjour, vous etes gold.", text);
        Assert.DoesNotContain("html seulement", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_MailWithHtmlOnly_HoldsTheHtmlWithoutTags()
    {
        var mail = Mail("m1", "a@example.fr", "s", html: "<p style=\"color:red\">R&eacute;f&eacute;rence <b>valid&eacute;e</b></p>", text: null);

        Assert.Equal("a@example.fr s reference validee", MailSearchText.Of(mail));
    }

    [Fact]
    public void Page_EveryWordOfTheQuery_MustMatchInAnyOrderWithoutAccents()
    {
        var list = Listed(("Sécurité du compte", "a@example.fr"), ("Sécurité réseau", "b@example.fr"), ("Compte créé", "c@example.fr"));

        Assert.Equal(["Sécurité réseau", "Sécurité du compte"], Subjects(MailListing.Page(list, "SECURITE", 1)));
        Assert.Equal(["Sécurité du compte"], Subjects(MailListing.Page(list, "compte  sécurité", 1)));
        Assert.Equal(["Compte créé"], Subjects(MailListing.Page(list, "c@example", 1)));
        Assert.Empty(MailListing.Page(list, "securite absent", 1).Items);
        Assert.Equal(3, MailListing.Page(list, "   ", 1).Total);
    }

    [Fact]
    public void Page_NoMessages_IsPageOneOfOneAndEmpty()
    {
        var page = MailListing.Page([], null, 1);

        Assert.Equal((1, 1, 0), (page.Page, page.PageCount, page.Total));
        Assert.Empty(page.Items);
        Assert.False(page.IsPastTheEnd);
    }

    [Theory]
    [InlineData(50, 1, 1, 50)]
    [InlineData(51, 1, 2, 50)]
    [InlineData(51, 2, 2, 1)]
    [InlineData(100, 2, 2, 50)]
    [InlineData(120, 3, 3, 20)]
    public void Page_Boundaries_FiftyAPage(int count, int page, int pageCount, int shown)
    {
        var listed = MailListing.Page(Numbered(count), null, page);

        Assert.Equal((pageCount, count, shown), (listed.PageCount, listed.Total, listed.Items.Count));
        Assert.False(listed.IsPastTheEnd);
    }

    [Fact]
    public void Page_Numbered_NewestFirstAcrossPages()
    {
        var list = Numbered(120);

        Assert.Equal(Enumerable.Range(70, 50).Reverse().Select(Subject), Subjects(MailListing.Page(list, null, 1)));
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(Subject), Subjects(MailListing.Page(list, null, 3)));
    }

    [Fact]
    public void Page_PastTheEnd_IsEmptyAndSaysSo()
    {
        var page = MailListing.Page(Numbered(51), null, 3);

        Assert.Empty(page.Items);
        Assert.True(page.IsPastTheEnd);
        Assert.Equal((3, 2, 51), (page.Page, page.PageCount, page.Total));
    }

    [Fact]
    public void Page_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MailListing.Page(Numbered(3), null, 0));

    [Fact]
    public void Page_ToAndSubjectFilters_KeepOnlyThoseMessages()
    {
        var list = Listed(("Niveau Gold", "a@example.fr, b@example.fr"), ("Niveau Silver", "b@example.fr"), ("Rappel", "c@example.fr"));

        Assert.Equal(["Niveau Silver", "Niveau Gold"], Subjects(MailListing.Page(list, null, 1, to: "B@example.fr")));
        Assert.Equal(["Niveau Gold"], Subjects(MailListing.Page(list, "gold", 1, subject: "niveau")));
    }

    private static string Subject(int i) => $"Message {i:D3}";

    private static string[] Subjects(MailListPage page) => page.Items.Select(m => m.Subject).ToArray();

    private static ListedMail[] Numbered(int count) =>
        Listed(Enumerable.Range(0, count).Select(i => (Subject(i), $"r{i}@example.fr")).ToArray());

    private static ListedMail[] Listed(params (string Subject, string To)[] mails) =>
        mails.Select((m, i) => Mail($"20261203000000-{i:D6}-0000", m.To, m.Subject, null, "corps"))
            .Select(m => new ListedMail(new CapturedMailSummary(m.Id, m.CapturedAt, m.From, m.To, m.Subject, null, []), MailSearchText.Of(m)))
            .ToArray();

    private static CapturedMail Mail(string id, string to, string subject, string? html, string? text) =>
        new(id, new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), "f@example.fr", to, subject, html, text, new Dictionary<string, string>(), []);
}
