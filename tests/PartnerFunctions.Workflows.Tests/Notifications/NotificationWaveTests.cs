using System.Globalization;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>Waves (migration previews and reminders) through the real outbox on Azurite and the real SendGrid sender.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class NotificationWaveTests(AzuriteFixture azurite) : NotificationTestsBase(azurite, new Dictionary<string, string?>
{
    // The 2,500-row wave takes a while on Azurite: the creator's lease must outlast it.
    ["Notifications:SendLease"] = "00:03:00",
    ["Notifications:MaxParallelOutboxWrites"] = "16",
})
{
    [Fact]
    public async Task SendWaveAsync_2500RecipientsOneTemplateAndLanguage_TakesThreeCallsAndSendsEachOnce()
    {
        var instance = NewInstance("wave");
        var wave = Enumerable.Range(0, 2500).Select(i => Preview(instance, i, "en")).ToList();

        var result = await Context.Notifications.SendWaveAsync(wave);

        // ceil(2500 / 1000) SendGrid calls of 1,000, 1,000 and 500 personalizations.
        Assert.Equal((2500, 0, 0, 3), Counts(result));
        Assert.Equal(3, Server.Calls.Count);
        Assert.Equal([1000, 1000, 500], Server.AcceptedCallSizes);
        var emails = Server.AcceptedEmails;
        Assert.Equal(2500, emails.Select(e => e.To).Distinct().Count());
        Assert.Equal(2500, emails.Select(e => e.IdempotencyKey).Distinct().Count());
        var rows = await Context.Outbox.ListByInstanceAsync(instance);
        Assert.Equal(2500, rows.Count);
        Assert.All(rows, r => Assert.Equal(NotificationState.Sent, r.State));

        // The activity delivered again: nothing goes out twice, no call is made.
        var replay = await Context.Notifications.SendWaveAsync(wave);

        Assert.Equal((0, 2500, 0, 0), Counts(replay));
        Assert.Equal(3, Server.Calls.Count);
    }

    [Fact]
    public async Task SendWaveAsync_TwoLanguages_OneCallPerLanguageWithEachRecipientsOwnContent()
    {
        var instance = NewInstance("wave");
        var wave = Enumerable.Range(0, 6).Select(i => Preview(instance, i, i % 2 == 0 ? "fr" : "en")).ToList();
        wave[2] = wave[2] with { Values = new Dictionary<string, string>(wave[2].Values) { ["partnerName"] = "Dupont & <Fils>", ["previewSummary"] = "ligne 1\nligne 2" } };

        var result = await Context.Notifications.SendWaveAsync(wave);

        Assert.Equal((6, 0, 0, 2), Counts(result));
        Assert.Equal([3, 3], Server.AcceptedCallSizes);

        // What each recipient gets (substitutions applied, as SendGrid does) is exactly the email rendered for them alone.
        var renderer = NotificationTemplateRendererTests.CreateRenderer();
        var emails = Server.AcceptedEmails.ToDictionary(e => e.To);
        foreach (var notification in wave)
        {
            var expected = renderer.Render(notification.Template, notification.Language, notification.Values);
            var email = emails[notification.RecipientEmail];
            Assert.Equal(expected.Subject, email.Subject);
            Assert.Equal(expected.HtmlBody, email.Html);
            Assert.Equal(expected.TextBody, email.Text);
            Assert.Equal(notification.RecipientName, email.ToName);
        }

        Assert.Contains("Dupont &amp; &lt;Fils&gt;", emails[wave[2].RecipientEmail].Html, StringComparison.Ordinal);
        Assert.Contains("ligne 1<br>\nligne 2", emails[wave[2].RecipientEmail].Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendWaveAsync_OneRefusedAddress_IsIsolatedAndRecordedTheOthersAreSent()
    {
        var instance = NewInstance("wave");
        Server.RefuseAddresses(a => a.StartsWith("partner5@", StringComparison.Ordinal));
        var wave = Enumerable.Range(0, 8).Select(i => Preview(instance, i, "en")).ToList();

        var result = await Context.Notifications.SendWaveAsync(wave);

        // 8 refused -> 4 sent + 4 refused -> 2 sent + 2 refused -> 1 sent + 1 refused: 7 calls, 3 accepted.
        Assert.Equal((7, 0, 1, 7), Counts(result));
        Assert.Equal(3, Server.AcceptedCalls);
        Assert.Equal(7, Server.AcceptedEmails.Select(e => e.To).Distinct().Count());
        Assert.DoesNotContain(Server.AcceptedEmails, e => e.To.StartsWith("partner5@", StringComparison.Ordinal));
        var rows = await Context.Outbox.ListByInstanceAsync(instance);
        var refused = Assert.Single(rows, r => r.State == NotificationState.Failed);
        Assert.Equal("partner5@example.com", refused.Key.Recipient);
        Assert.Contains("HTTP 400", refused.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendWaveAsync_TransientFailureOfOneGroup_SendsTheRestThenThrowsAndTheRetrySendsOnlyTheMissing()
    {
        var instance = NewInstance("wave");
        var wave = Enumerable.Range(0, 6).Select(i => Preview(instance, i, i < 3 ? "en" : "fr")).ToList();
        Server.EnqueueStatus(503);
        Server.EnqueueStatus(503); // the English group's call and its one retry

        var error = await Assert.ThrowsAsync<NotificationTransientException>(() => Context.Notifications.SendWaveAsync(wave));

        Assert.Contains("3 sent", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 to try again", error.Message, StringComparison.Ordinal);
        Assert.Equal([3], Server.AcceptedCallSizes);
        var rows = await Context.Outbox.ListByInstanceAsync(instance);
        Assert.Equal(3, rows.Count(r => r.State == NotificationState.Sent));
        Assert.Equal(3, rows.Count(r => r.State == NotificationState.Pending && r.LastError!.StartsWith("transient", StringComparison.Ordinal)));

        var retry = await Context.Notifications.SendWaveAsync(wave);

        Assert.Equal((3, 3, 0, 1), Counts(retry));
        Assert.Equal([3, 3], Server.AcceptedCallSizes);
        Assert.Equal(6, Server.AcceptedEmails.Select(e => e.To).Distinct().Count());
        Assert.Equal(6, Server.AcceptedEmails.Count);
    }

    [Fact]
    public async Task SendWaveAsync_SameKeyTwiceInTheWave_SendsItOnce()
    {
        var instance = NewInstance("wave");
        var wave = new[] { Preview(instance, 1, "en"), Preview(instance, 2, "en"), Preview(instance, 1, "en") };

        var result = await Context.Notifications.SendWaveAsync(wave);

        Assert.Equal((2, 1, 0, 1), Counts(result));
        Assert.Equal(2, Server.AcceptedEmails.Count);
    }

    [Fact]
    public async Task SendWaveAsync_ValueTooLargeForSubstitutions_IsSentAloneFullyRendered()
    {
        var instance = NewInstance("wave");
        var wave = Enumerable.Range(0, 3).Select(i => Preview(instance, i, "en")).ToList();
        var longSummary = string.Join('\n', Enumerable.Range(0, 400).Select(i => string.Create(CultureInfo.InvariantCulture, $"Competency {i}: missing 1 reference")));
        wave[1] = wave[1] with { Values = new Dictionary<string, string>(wave[1].Values) { ["previewSummary"] = longSummary } };

        var result = await Context.Notifications.SendWaveAsync(wave);

        Assert.Equal((3, 0, 0, 2), Counts(result));
        var alone = Assert.Single(Server.AcceptedBodies, b => b.GetProperty("personalizations").GetArrayLength() == 1);
        Assert.False(alone.GetProperty("personalizations")[0].TryGetProperty("substitutions", out _));
        Assert.Contains("Competency 399: missing 1 reference", Server.AcceptedEmails.Single(e => e.To == wave[1].RecipientEmail).Text, StringComparison.Ordinal);
    }

    private static Notification Preview(string instance, int i, string language) =>
        NotificationTestContext.Notification(
            instance,
            "migration-preview",
            string.Create(CultureInfo.InvariantCulture, $"partner{i}@example.com"),
            NotificationTemplates.MigrationPreview,
            language,
            marker: i.ToString(CultureInfo.InvariantCulture));


    // The wave's counts (its Outcomes are asserted where they matter).
    private static (int Sent, int AlreadySent, int Failed, int Calls) Counts(NotificationWaveResult result) =>
        (result.Sent, result.AlreadySent, result.FailedPermanently, result.ProviderCalls);
}
