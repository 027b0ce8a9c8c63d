using System.Globalization;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>An accreditation expiry reminder due for one person and competency.</summary>
/// <param name="Offset">The reminder offset (days before expiry) whose window the accreditation is in.</param>
/// <param name="DaysLeft">Days from the evaluation day to the last valid day.</param>
/// <param name="Consequence">The level of the competency lost the day after the expiry if nothing new comes in; null when none is.</param>
public sealed record DueReminder(Person Person, Accreditation Accreditation, Competency Competency, DateOnly ExpiresOn, int DaysLeft, int Offset, ProjectedChange? Consequence = null)
{
    /// <summary>The outbox instance every accreditation reminder is recorded under (shared by all nights).</summary>
    public const string OutboxInstance = "accreditation-reminders";

    /// <summary>The outbox step: the same reminder of the same accreditation has the same key every night.</summary>
    public string Step => string.Create(
        CultureInfo.InvariantCulture,
        $"{Person.Id}:{Competency.Id}:{Accreditation.CompletedOn:yyyy-MM-dd}:{Offset}");
}

/// <summary>
/// Which accreditation expiry reminders are due on a day. The offsets (e.g. 90/60/30 days) cut the time before expiry
/// into windows: the reminder of offset N is due while N &gt;= days left &gt; the next smaller offset (&gt;= 0 for the
/// smallest), so a night that did not run is caught up by the next one, and the outbox key (the same every night)
/// makes it go out once. Only people employed on the day count, and only the latest accreditation of a person in a
/// competency of the catalog (a renewed accreditation is not reminded about); expired ones are not reminded.
/// </summary>
public static class AccreditationReminders
{
    public static IReadOnlyList<DueReminder> Due(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);
        var offsets = definition.AccreditationReminderDays.Where(o => o > 0).Distinct().OrderDescending().ToArray();
        if (offsets.Length == 0)
        {
            return [];
        }

        var due = new List<DueReminder>();
        foreach (var person in evidence.People)
        {
            // A person given to another partner by a resolved duplicate: their accreditations count there, not here.
            if (!person.IsEmployedOn(asOf) || !person.Counts)
            {
                continue;
            }

            foreach (var latest in person.Accreditations
                .GroupBy(a => a.CompetencyId, StringComparer.Ordinal)
                .Select(g => g.MaxBy(a => (ExpiryOf(definition, a), a.CompletedOn))!))
            {
                var competency = definition.FindCompetency(latest.CompetencyId);
                if (competency is null)
                {
                    continue;
                }

                var expiresOn = ExpiryOf(definition, latest);
                var daysLeft = expiresOn.DayNumber - asOf.DayNumber;
                for (var i = 0; i < offsets.Length; i++)
                {
                    var lowerExclusive = i + 1 < offsets.Length ? offsets[i + 1] : -1;
                    if (daysLeft <= offsets[i] && daysLeft > lowerExclusive)
                    {
                        due.Add(new DueReminder(person, latest, competency, expiresOn, daysLeft, offsets[i]));
                        break;
                    }
                }
            }
        }

        return due.Count == 0 ? due : WithConsequences(definition, evidence, asOf, due);
    }

    // What each expiry costs if nothing new comes in: one projection of the partner's levels (not done without a reminder).
    private static List<DueReminder> WithConsequences(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf, List<DueReminder> due)
    {
        var horizon = due.Max(r => r.DaysLeft) + 1;
        var losses = ChangeProjection.Project(definition, evidence, null, asOf, horizon)
            .Where(c => c.LevelTo < c.LevelFrom && c.Causes.Contains(ProjectionCause.AccreditationExpires))
            .ToArray();
        return due.Select(r => r with
        {
            Consequence = losses.FirstOrDefault(c => c.On == r.ExpiresOn.AddDays(1) && string.Equals(c.CompetencyId, r.Competency.Id, StringComparison.Ordinal)),
        }).ToList();
    }

    /// <summary>The last valid day of an accreditation.</summary>
    public static DateOnly ExpiryOf(ProgramDefinition definition, Accreditation accreditation)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return accreditation.ExpiresOn ?? definition.DefaultExpiry(accreditation.CompletedOn);
    }

    /// <summary>The email of a reminder: it goes to the partner (the people are the partner's staff).</summary>
    public static Notification ToNotification(Partner partner, DueReminder reminder, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(reminder);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["partnerId"] = partner.Id,
            ["personName"] = reminder.Person.Name,
            ["personId"] = reminder.Person.Id,
            ["competencyId"] = reminder.Competency.Id,
            ["competencyName"] = reminder.Competency.Name,
            ["completedOn"] = ProgramText.Day(reminder.Accreditation.CompletedOn, partner.Language),
            ["expiresOn"] = ProgramText.Day(reminder.ExpiresOn, partner.Language),
            // With its unit, in the partner's language: "1 jour", "3 jours", "1 day", "0 days".
            ["daysLeft"] = ProgramText.IsFrench(partner.Language)
                ? ProgramText.Count(reminder.DaysLeft, "jour", "jours", partner.Language)
                : ProgramText.Count(reminder.DaysLeft, "day", "days", partner.Language),
            ["programUrl"] = PartnerPageLinks.Program(publicBaseUrl, partner.Id),
            ["reminderDays"] = reminder.Offset.ToString(CultureInfo.InvariantCulture),
            ["consequence"] = Consequence(reminder, partner.Language),
        };
        return new Notification(
            DueReminder.OutboxInstance,
            reminder.Step,
            partner.Email,
            partner.Name,
            NotificationTemplates.AccreditationExpiryReminder,
            partner.Language,
            values);
    }

    // "Le 1er mars 2027, vous perdez le niveau Principal en X, sauf si …", or that the expiry costs no level.
    private static string Consequence(DueReminder reminder, string language)
    {
        var french = ProgramText.IsFrench(language);
        if (reminder.Consequence is not { LevelFrom: { } from } loss)
        {
            return french ? "À ce jour, cette expiration ne vous fait perdre aucun niveau." : "As things stand, this expiry costs you no level.";
        }

        var day = ProgramText.Day(loss.On, language);
        var level = ProgramText.Level(from, language);
        return french
            ? $"Le {day}, vous perdez le niveau {level} en {reminder.Competency.Name}, sauf si l'accréditation est renouvelée ou qu'une autre personne accréditée compte d'ici là."
            : $"On {day} you lose {level} in {reminder.Competency.Name}, unless the accreditation is renewed or another accredited person counts by then.";
    }

    /// <summary>The outbox key of a reminder sent to a partner.</summary>
    public static NotificationKey KeyOf(Partner partner, DueReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(reminder);
        return new NotificationKey(DueReminder.OutboxInstance, reminder.Step, partner.Email);
    }
}
