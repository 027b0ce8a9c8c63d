using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// A staff search of partners. Every filter is optional and they combine (and). <see cref="Text"/> matches partner
/// ids and name words, ignoring case and accents, each word of the text as a prefix of a word ("secu" finds
/// "Sécurité Plus"; "acme secu" needs both).
/// </summary>
public sealed record PartnerSearchQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxTextLength = 100;
    public const int MaxTextWords = 6;
    public const int MaxIdLength = 100;

    /// <summary>Words to find in the partner's id or name; null or blank for none.</summary>
    public string? Text { get; init; }

    /// <summary>Only partners currently holding this tier.</summary>
    public Tier? Tier { get; init; }

    /// <summary>Only partners holding this competency at <see cref="MinimumLevel"/> or above (Principal when unset).</summary>
    public string? CompetencyId { get; init; }

    /// <summary>With <see cref="CompetencyId"/>: the lowest level that matches.</summary>
    public CompetencyLevel? MinimumLevel { get; init; }

    /// <summary>Only partners of this country (ISO 3166-1 alpha-2, any case).</summary>
    public string? Country { get; init; }

    /// <summary>Only partners that had this legacy specialization.</summary>
    public string? LegacySpecialization { get; init; }

    /// <summary>Hits per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The token of the previous page of the same query; null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The text's words, normalized (<see cref="SearchText.Words"/>).</summary>
    public IReadOnlyList<string> TextWords => SearchText.Words(Text);

    /// <summary>The competency level that matches, when a competency is asked for.</summary>
    public CompetencyLevel? EffectiveMinimumLevel => CompetencyId is null ? null : MinimumLevel ?? CompetencyLevel.Principal;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> is the property at fault
    /// (the HTTP edge answers it as a problem naming that field). The continuation token is checked by the index.
    /// </summary>
    public void Validate()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"The page size must be between 1 and {MaxPageSize}.", nameof(PageSize));
        }

        if (Text is not null)
        {
            if (Text.Length > MaxTextLength)
            {
                throw new ArgumentException($"The search text must be at most {MaxTextLength} characters.", nameof(Text));
            }

            var words = SearchText.Words(Text);
            if (words.Count == 0 && !string.IsNullOrWhiteSpace(Text))
            {
                throw new ArgumentException("The search text must contain a letter or a digit.", nameof(Text));
            }

            if (words.Count > MaxTextWords)
            {
                throw new ArgumentException($"The search text must have at most {MaxTextWords} words.", nameof(Text));
            }
        }

        if (Tier is { } tier && !Enum.IsDefined(tier))
        {
            throw new ArgumentException("Unknown tier.", nameof(Tier));
        }

        CheckId(CompetencyId, nameof(CompetencyId));
        CheckId(LegacySpecialization, nameof(LegacySpecialization));
        if (MinimumLevel is { } level)
        {
            if (CompetencyId is null)
            {
                throw new ArgumentException("A minimum level needs a competency.", nameof(MinimumLevel));
            }

            if (level is not (CompetencyLevel.Principal or CompetencyLevel.Expert))
            {
                throw new ArgumentException("The minimum level must be Principal or Expert.", nameof(MinimumLevel));
            }
        }

        if (Country is not null && (Country.Length != 2 || !char.IsAsciiLetter(Country[0]) || !char.IsAsciiLetter(Country[1])))
        {
            throw new ArgumentException("The country must be a two-letter ISO 3166-1 code.", nameof(Country));
        }
    }

    private static void CheckId(string? id, string field)
    {
        if (id is not null && (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl)))
        {
            throw new ArgumentException($"The id must be 1 to {MaxIdLength} characters without control characters.", field);
        }
    }
}

/// <summary>A partner as the search index shows it.</summary>
/// <param name="CompetencyLevels">Competency id to level held (competencies not listed are not held).</param>
public sealed record PartnerSearchHit(
    string PartnerId,
    string Name,
    string Country,
    TierState TierState,
    IReadOnlyDictionary<string, CompetencyLevel> CompetencyLevels,
    IReadOnlyList<string> LegacySpecializations)
{
    public Tier Tier => TierState.Current;

    /// <summary>True while a downgrade is pending (grace, exception or staff decision).</summary>
    public bool DowngradePending => TierState.DowngradePending;
}

/// <summary>How many partners hold a competency at each level.</summary>
public sealed record CompetencyLevelCounts(int Principal, int Expert);

/// <summary>Counts over the whole index, for the staff dashboard.</summary>
/// <param name="ByTier">Every tier, with 0 when no partner holds it.</param>
/// <param name="Competencies">Competency id to partners holding it by level (only competencies someone holds).</param>
public sealed record PartnerIndexSummary(
    int Partners,
    IReadOnlyDictionary<Tier, int> ByTier,
    int DowngradesPending,
    IReadOnlyDictionary<string, CompetencyLevelCounts> Competencies);

/// <summary>What a rebuild of the index did.</summary>
/// <param name="Partners">Partners read.</param>
/// <param name="Written">Partners whose entry was missing or differed and was re-written.</param>
/// <param name="Removed">Entries removed because their partner does not exist.</param>
public sealed record PartnerIndexRebuildResult(int Partners, int Written, int Removed);
