using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>Input of <see cref="MigrationPageActivity"/>.</summary>
public sealed record MigrationPageInput(
    string RunId,
    DefinitionRef Definition,
    bool SendEmails,
    string? ResumeToken,
    int MaxPartners,
    int PageIndex,
    int DoneBefore,
    int Total);

/// <summary>What a migration page did.</summary>
public sealed record MigrationPageResult(int Processed, string? NextToken, MigrationTotals Totals, IReadOnlyList<string> FailedPartnerIds)
    : IBatchPage<MigrationTally>
{
    MigrationTally IBatchPage<MigrationTally>.Tally => new(Totals);
}

/// <summary>The emails of a migration: keys, values and links shared by previews and reminders.</summary>
public static class MigrationEmails
{
    /// <summary>
    /// The outbox instance of the preview emails of a definition version: a second migration run of the same version
    /// does not email partners again (the outbox key is instance + step + recipient).
    /// </summary>
    public static string PreviewInstance(DefinitionRef definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return string.Create(CultureInfo.InvariantCulture, $"migration-previews-{definition.Id}-v{definition.Version}");
    }

    /// <summary>The outbox instance of the reminders of a definition version.</summary>
    public static string ReminderInstance(DefinitionRef definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return string.Create(CultureInfo.InvariantCulture, $"migration-reminders-{definition.Id}-v{definition.Version}");
    }

    /// <summary>The partner's program page, which shows the preview (what the email links to).</summary>
    public static string PreviewUrl(WorkflowOptions options, string partnerId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PartnerPageLinks.Program(options.PublicBaseUrl, partnerId);
    }

    /// <summary>
    /// One line per candidate competency in the partner's language ("X : Principal", "Y : pas encore, il manque
    /// 1 personne accréditée, …") and the notes on specializations that end (a retired one's note from the definition,
    /// in French when the definition gives it).
    /// </summary>
    public static string Summary(MigrationPreview preview, string? language, string currency)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var french = ProgramText.IsFrench(language);
        var lines = new List<string>();
        foreach (var candidate in preview.Candidates)
        {
            var gaps = string.Join(", ", candidate.Gaps.Select(g => ProgramText.Gap(g, currency, language)));
            var level = ProgramText.Level(candidate.Level, language);
            lines.Add((candidate.Level == CompetencyLevel.None, gaps.Length == 0, french) switch
            {
                (true, _, true) => $"{candidate.Name} : pas encore, il manque {gaps}",
                (true, _, false) => $"{candidate.Name}: not yet, missing {gaps}",
                (false, true, true) => $"{candidate.Name} : {level}",
                (false, true, false) => $"{candidate.Name}: {level}",
                (false, false, true) => $"{candidate.Name} : {level} (pour le niveau suivant, il manque {gaps})",
                _ => $"{candidate.Name}: {level} (for the next level: {gaps})",
            });
        }

        if (lines.Count == 0)
        {
            lines.Add(french ? "Aucune compétence n'est encore détenue à la date d'effet." : "No competency is held on the effective date yet.");
        }

        lines.AddRange(preview.Notes.Select(n => NoteLine(n, french)));
        return string.Join('\n', lines);
    }

    // A retired specialization's note in the definition's words (its French note for a French partner, when it has
    // one); an unknown specialization in our words.
    private static string NoteLine(MigrationNote note, bool french) => (note.Kind, french) switch
    {
        (MigrationNoteKind.RetiredSpecialization, true) => $"{note.LegacySpecialization} : {note.NoteFr ?? note.Note}",
        (MigrationNoteKind.RetiredSpecialization, false) => $"{note.LegacySpecialization}: {note.Note}",
        (_, true) => $"{note.LegacySpecialization} : cette spécialisation ne fait pas partie du nouveau programme ; l'équipe du programme l'examinera.",
        _ => $"{note.LegacySpecialization}: this specialization is not part of the new program; program staff will review it.",
    };

    /// <summary>The email's values, in the partner's language.</summary>
    /// <remarks><paramref name="today"/> sets the tense: before the effective date the program replaces, from it on it has replaced.</remarks>
    public static Dictionary<string, string> Values(MigrationPreview preview, Partner partner, Tier heldTier, WorkflowOptions options, string currency, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(partner);
        var effective = ProgramText.Day(preview.EffectiveDate, partner.Language);
        var ahead = today < preview.EffectiveDate;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["partnerId"] = partner.Id,
            ["effectiveDate"] = effective,
            ["programChange"] = (ProgramText.IsFrench(partner.Language), ahead) switch
            {
                (true, true) => $"Le {effective}, le programme partenaires remplace les spécialisations par des compétences, chacune avec un niveau Principal et un niveau Expert.",
                (true, false) => $"Depuis le {effective}, le programme partenaires a remplacé les spécialisations par des compétences, chacune avec un niveau Principal et un niveau Expert.",
                (false, true) => $"On {effective} the partner program replaces specializations with competencies, each with a Principal and an Expert level.",
                _ => $"Since {effective} the partner program has replaced specializations with competencies, each with a Principal and an Expert level.",
            },
            ["currentTier"] = ProgramText.Tier(heldTier, partner.Language),
            ["proposedTier"] = ProgramText.Tier(preview.ProposedTier, partner.Language),
            ["previewSummary"] = Summary(preview, partner.Language, currency),
            ["previewUrl"] = PreviewUrl(options, partner.Id),
        };
    }
}

/// <summary>
/// Previews one page of partners on the definition's effective date (<see cref="MigrationMapper.Preview"/>), stores
/// each preview as a JSON line in "previews-NNNNN.jsonl", its report line in "migration-NNNNN.csv" and the page's
/// <see cref="MigrationFlows"/> in "flows-NNNNN.json" (run folder),
/// sends the page's preview emails as one wave when asked, and moves the run's progress. Idempotent: the parts are
/// rewritten whole, the emails are keyed in the outbox.
/// </summary>
public sealed partial class MigrationPageActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    INotificationService notifications,
    RunReports reports,
    RunRecorder recorder,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<MigrationPageActivity> logger) : TaskActivity<MigrationPageInput, MigrationPageResult>
{
    public const string PreviewsPart = "previews";
    public const string CsvPart = "migration";
    public const string FlowsPart = "flows";

    /// <summary>The header of migration.csv.</summary>
    public static readonly string[] CsvHeader =
    [
        "partnerId", "partnerName", "legacyTier", "heldTier", "legacySpecializations", "proposedTier", "outcome", "migrates",
        "competenciesHeld", "candidatesNotHeld", "notes",
    ];

    public override async Task<MigrationPageResult> RunAsync(TaskActivityContext context, MigrationPageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetAsync(input.Definition);
        var page = await partners.ReadPartnerPageAsync(input.ResumeToken, input.MaxPartners);
        var totals = MigrationTotals.Empty;
        var jsonLines = new StringBuilder();
        var csv = new CsvBuilder();
        var emails = new List<Notification>();
        var failed = new List<string>();
        var previews = new List<MigrationPreview>(page.Partners.Count);

        foreach (var snapshot in page.Partners)
        {
            try
            {
                var preview = MigrationMapper.Preview(definition, snapshot.Evidence);
                var held = snapshot.Profile.Status.TierState.Current;
                totals = totals.Plus(Count(preview, held));
                previews.Add(preview);
                jsonLines.Append(JsonSerializer.Serialize(preview, RunReports.JsonLine)).Append('\n');
                csv.Line(CsvFields(preview, held));
                if (input.SendEmails)
                {
                    var partner = snapshot.Profile.Partner;
                    emails.Add(new Notification(
                        MigrationEmails.PreviewInstance(input.Definition),
                        "preview:" + partner.Id,
                        partner.Email,
                        partner.Name,
                        NotificationTemplates.MigrationPreview,
                        partner.Language,
                        MigrationEmails.Values(preview, partner, held, options.Value, definition.Currency, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))));
                }
            }
            catch (Exception ex) when (BatchRun.IsPartnerFailure(ex))
            {
                LogPartnerFailed(logger, ex, snapshot.PartnerId, input.RunId);
                totals = totals.Plus(MigrationTotals.Empty with { Failures = 1 });
                failed.Add(snapshot.PartnerId);
            }
        }

        const WorkflowRunKind kind = MigrationOrchestrator.Kind;
        await reports.WriteTextAsync(kind, input.RunId, RunReports.PartName(PreviewsPart, input.PageIndex, "jsonl"), RunReports.JsonLinesContentType, jsonLines.ToString());
        await reports.WriteTextAsync(kind, input.RunId, RunReports.PartName(CsvPart, input.PageIndex, "csv"), RunReports.CsvContentType, csv.ToString());
        await reports.WriteJsonAsync(kind, input.RunId, RunReports.PartName(FlowsPart, input.PageIndex, "json"), MigrationFlows.Of(previews));

        if (emails.Count > 0)
        {
            var wave = await notifications.SendWaveAsync(emails);
            totals = totals with { PreviewsSent = wave.Sent, PreviewFailures = wave.FailedPermanently };
        }

        var done = input.DoneBefore + page.Partners.Count;
        await recorder.ProgressAsync(kind, input.RunId, done, Math.Max(input.Total, done), RunPhases.Previewing);
        return new MigrationPageResult(page.Partners.Count, page.ResumeToken, totals, failed.Take(BatchRun.MaxListedFailures).ToArray());
    }

    /// <summary>One partner's counts (public so tests can compute the expected summary with the domain alone).</summary>
    public static MigrationTotals Count(MigrationPreview preview, Tier heldTier)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var specializations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var legacy in preview.LegacySpecializations.Distinct(StringComparer.Ordinal))
        {
            specializations[legacy] = 1;
        }

        return MigrationTotals.Empty with
        {
            Partners = 1,
            PerLegacyTier = One(preview.LegacyTier),
            PerHeldTier = One(heldTier),
            PerProposedTier = One(preview.ProposedTier),
            PerLegacySpecialization = specializations,
            Keep = preview.Outcome == MigrationOutcome.Keep ? 1 : 0,
            Gain = preview.Outcome == MigrationOutcome.Gain ? 1 : 0,
            Lose = preview.Outcome == MigrationOutcome.Lose ? 1 : 0,
            Migrates = preview.Migrates ? 1 : 0,
            WithRetiredSpecializations = preview.Notes.Any(n => n.Kind == MigrationNoteKind.RetiredSpecialization) ? 1 : 0,
        };
    }

    private static object?[] CsvFields(MigrationPreview preview, Tier held) =>
    [
        preview.PartnerId,
        preview.PartnerName,
        preview.LegacyTier,
        held,
        string.Join(';', preview.LegacySpecializations),
        preview.ProposedTier,
        preview.Outcome,
        preview.Migrates,
        string.Join(';', preview.Candidates.Where(c => c.Level != CompetencyLevel.None).Select(c => $"{c.CompetencyId}:{c.Level}")),
        string.Join(';', preview.Candidates.Where(c => c.Level == CompetencyLevel.None).Select(c => c.CompetencyId)),
        string.Join(';', preview.Notes.Select(n => $"{n.LegacySpecialization}:{n.Kind}")),
    ];

    private static Dictionary<string, int> One(Tier tier) => new(StringComparer.Ordinal) { [tier.ToString()] = 1 };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner {PartnerId} could not be previewed in migration {RunId}")]
    private static partial void LogPartnerFailed(ILogger logger, Exception exception, string partnerId, string runId);
}

/// <summary>Input of <see cref="MigrationReminderPageActivity"/>.</summary>
/// <param name="DaysBefore">The reminder offset (days before the effective date).</param>
/// <param name="MoreReminders">Another reminder follows this one (the run record then shows it waiting after the last page).</param>
public sealed record MigrationReminderPageInput(string RunId, DefinitionRef Definition, int DaysBefore, bool MoreReminders, string? ResumeToken, int MaxPartners, int DoneBefore, int Total);

/// <summary>What a reminder page sent.</summary>
public sealed record MigrationReminderPageResult(int Processed, string? NextToken, int Sent, int Failed) : IBatchPage<MigrationTally>
{
    MigrationTally IBatchPage<MigrationTally>.Tally => new(MigrationTotals.Empty, Sent, Failed);

    IReadOnlyList<string> IBatchPage<MigrationTally>.FailedPartnerIds => [];
}

/// <summary>
/// Sends one page of migration reminders as a wave: each partner's preview recomputed on its current evidence (so the
/// reminder tells where it stands now), keyed "reminder-{days}:{partnerId}" under the definition's reminder instance.
/// </summary>
public sealed class MigrationReminderPageActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    INotificationService notifications,
    RunRecorder recorder,
    IOptions<WorkflowOptions> options,
    TimeProvider time) : TaskActivity<MigrationReminderPageInput, MigrationReminderPageResult>
{
    public override async Task<MigrationReminderPageResult> RunAsync(TaskActivityContext context, MigrationReminderPageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetAsync(input.Definition);
        var page = await partners.ReadPartnerPageAsync(input.ResumeToken, input.MaxPartners);
        var emails = new List<Notification>(page.Partners.Count);
        foreach (var snapshot in page.Partners)
        {
            var partner = snapshot.Profile.Partner;
            var preview = MigrationMapper.Preview(definition, snapshot.Evidence);
            var values = MigrationEmails.Values(preview, partner, snapshot.Profile.Status.TierState.Current, options.Value, definition.Currency, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            // With its unit, in the partner's language: "1 jour", "7 jours", "1 day", "7 days".
            values["daysLeft"] = ProgramText.IsFrench(partner.Language)
                ? ProgramText.Count(input.DaysBefore, "jour", "jours", partner.Language)
                : ProgramText.Count(input.DaysBefore, "day", "days", partner.Language);
            emails.Add(new Notification(
                MigrationEmails.ReminderInstance(input.Definition),
                string.Create(CultureInfo.InvariantCulture, $"reminder-{input.DaysBefore}:{partner.Id}"),
                partner.Email,
                partner.Name,
                NotificationTemplates.MigrationReminder,
                partner.Language,
                values));
        }

        var wave = emails.Count == 0 ? new NotificationWaveResult(0, 0, 0, 0) : await notifications.SendWaveAsync(emails);
        var done = input.DoneBefore + page.Partners.Count;
        var phase = page.ResumeToken is null && input.MoreReminders ? RunPhases.AwaitingReminder : RunPhases.Reminding;
        await recorder.ProgressAsync(MigrationOrchestrator.Kind, input.RunId, done, Math.Max(input.Total, done), phase);
        return new MigrationReminderPageResult(page.Partners.Count, page.ResumeToken, wave.Sent, wave.FailedPermanently);
    }
}
