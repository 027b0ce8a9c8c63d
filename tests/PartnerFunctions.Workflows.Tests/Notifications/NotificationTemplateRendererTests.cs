using Microsoft.Extensions.Options;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

public sealed class NotificationTemplateRendererTests
{
    internal const string PublicBaseUrl = "https://partners.test.example.com";

    private readonly NotificationTemplateRenderer _renderer = CreateRenderer();

    public static TheoryData<string, string> TemplatesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var template in NotificationTemplateCatalog.Fields.Keys)
        {
            foreach (var language in NotificationTemplateRenderer.Languages)
            {
                data.Add(template, language);
            }
        }

        return data;
    }

    internal static NotificationTemplateRenderer CreateRenderer() =>
        new(Options.Create(new WorkflowOptions { PublicBaseUrl = PublicBaseUrl }));

    /// <summary>A distinct value per documented field (links under the public base URL).</summary>
    internal static Dictionary<string, string> DocumentedValues(string template, string marker = "")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [NotificationTemplateCatalog.RecipientName] = "Recipient" + marker,
        };
        foreach (var field in NotificationTemplateCatalog.Fields[template])
        {
            values[field] = field.EndsWith("Url", StringComparison.Ordinal)
                ? $"{PublicBaseUrl}/api/{field}/{marker}x1"
                : $"value-of-{field}{marker}";
        }

        return values;
    }

    [Fact]
    public void Catalog_ListsEveryTemplateId()
    {
        var ids = typeof(NotificationTemplates).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        Assert.Equal(ids, NotificationTemplateCatalog.Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TemplatesAndLanguages))]
    public void Render_DocumentedFields_FillsEveryPlaceholderInSubjectHtmlAndText(string template, string language)
    {
        var values = DocumentedValues(template);

        var email = _renderer.Render(template, language, values);

        Assert.Equal(language, email.Language);
        foreach (var part in new[] { email.Subject, email.HtmlBody, email.TextBody })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
        }

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain('\n', email.Subject);
        Assert.StartsWith("<!DOCTYPE html>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", email.HtmlBody, StringComparison.Ordinal);

        // Every documented field shows up in both bodies (so no field is documented but unused in one format).
        foreach (var (field, value) in values)
        {
            Assert.True(email.HtmlBody.Contains(value, StringComparison.Ordinal), $"{template}.{language}.html lacks {field}");
            Assert.True(email.TextBody.Contains(value, StringComparison.Ordinal), $"{template}.{language}.txt lacks {field}");
        }

        foreach (var field in NotificationTemplateCatalog.Fields[template].Where(f => f.EndsWith("Url", StringComparison.Ordinal)))
        {
            Assert.Contains($"href=\"{values[field]}\"", email.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TemplatesAndLanguages))]
    public void Placeholders_OfEveryTemplate_AreExactlyTheDocumentedFields(string template, string language)
    {
        var expected = NotificationTemplateCatalog.Fields[template].Append(NotificationTemplateCatalog.RecipientName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, _renderer.PlaceholdersOf(template, language).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_FrenchAndEnglish_AreDifferentTexts()
    {
        foreach (var template in NotificationTemplateCatalog.Fields.Keys)
        {
            var values = DocumentedValues(template);
            var en = _renderer.Render(template, "en", values);
            var fr = _renderer.Render(template, "fr", values);

            Assert.NotEqual(en.Subject, fr.Subject);
            Assert.StartsWith("Hello Recipient,", en.TextBody, StringComparison.Ordinal);
            Assert.StartsWith("Bonjour Recipient,", fr.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_ValueWithMarkup_IsEncodedInHtmlAndKeptInText()
    {
        var values = DocumentedValues(NotificationTemplates.TierChanged);
        values["partnerName"] = "<script>alert('x')</script> Smith & \"Sons\"";
        values["reason"] = "line one\nline <two>";

        var email = _renderer.Render(NotificationTemplates.TierChanged, "en", values);

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Smith &amp; &quot;Sons&quot;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("line one<br>\nline &lt;two&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> Smith & \"Sons\"", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("line one\nline <two>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueWithLineBreakInSubject_StaysOnOneLine()
    {
        var values = DocumentedValues(NotificationTemplates.TierChanged);
        values["toTier"] = "Gold\r\nBcc: victim@example.com";

        var email = _renderer.Render(NotificationTemplates.TierChanged, "en", values);

        Assert.Equal("Your partner tier: Gold Bcc: victim@example.com", email.Subject);
    }

    [Fact]
    public void Render_MissingValue_FailsNamingEveryMissingField()
    {
        var values = DocumentedValues(NotificationTemplates.MigrationPreview);
        values.Remove("proposedTier");
        values.Remove("previewUrl");

        var error = Assert.Throws<NotificationTemplateException>(() => _renderer.Render(NotificationTemplates.MigrationPreview, "fr", values));

        Assert.Contains("previewUrl, proposedTier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    [InlineData("FR", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("en-GB", "en")]
    public void Render_Language_ResolvesOrFallsBackToEnglish(string? language, string expected)
    {
        var email = _renderer.Render(NotificationTemplates.AccreditationExpiryReminder, language, DocumentedValues(NotificationTemplates.AccreditationExpiryReminder));

        Assert.Equal(expected, email.Language);
        Assert.Equal(_renderer.Render(NotificationTemplates.AccreditationExpiryReminder, expected, DocumentedValues(NotificationTemplates.AccreditationExpiryReminder)), email);
    }

    [Theory]
    [InlineData("https://evil.example.com/approve")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://partners.test.example.com@evil.example.com/approve")]
    [InlineData("https://partners.test.example.com.evil.example.com/approve")]
    [InlineData("/relative/link")]
    [InlineData("http://partners.test.example.com/approve")]
    public void Render_LinkNotUnderPublicBaseUrl_Fails(string link)
    {
        var values = DocumentedValues(NotificationTemplates.ReferenceApprovalRequest);
        values["approvalUrl"] = link;

        var error = Assert.Throws<NotificationTemplateException>(() => _renderer.Render(NotificationTemplates.ReferenceApprovalRequest, "en", values));

        Assert.Contains("approvalUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(link, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownTemplate_Fails()
    {
        Assert.Throws<NotificationTemplateException>(() => _renderer.Render("no-such-template", "en", new Dictionary<string, string>()));
    }

    [Fact]
    public void RenderSkeleton_WithRecipientValuesSubstituted_EqualsFullRender()
    {
        var values = DocumentedValues(NotificationTemplates.MigrationReminder);
        values["previewSummary"] = "Endpoint Security: Principal\nEncryption: missing 1 accredited person & 1 reference";

        var skeleton = _renderer.RenderSkeleton(NotificationTemplates.MigrationReminder, "fr", NotificationService.HtmlTag, NotificationService.TextTag);
        var html = skeleton.HtmlBody;
        var text = skeleton.TextBody;
        foreach (var field in skeleton.Fields)
        {
            html = html.Replace(NotificationService.HtmlTag(field), NotificationTemplateRenderer.EncodeHtml(values[field]), StringComparison.Ordinal);
            text = text.Replace(NotificationService.TextTag(field), values[field], StringComparison.Ordinal);
        }

        var full = _renderer.Render(NotificationTemplates.MigrationReminder, "fr", values);
        Assert.Equal(full.HtmlBody, html);
        Assert.Equal(full.TextBody, text);
    }
}
