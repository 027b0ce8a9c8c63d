using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>The console's partner search form as read from the query string, with the page of results.</summary>
public sealed record PartnerSearchView(
    string? Text,
    string? Tier,
    string? Competency,
    string? Level,
    string? Country,
    string? Legacy,
    IReadOnlyList<PartnerSearchHit> Hits,
    string? NextToken,
    string? Error,
    IReadOnlyList<(string Id, string Name)> Competencies);

/// <summary>
/// GET staff/partners?q=&amp;tier=&amp;competency=&amp;level=&amp;country=&amp;legacy=&amp;page=: the console's partner
/// search over the search index (never a scan of the partners table): id or name words, case- and accent-insensitive,
/// with filters and paging. A bad value is shown beside the form and searches nothing.
/// </summary>
public sealed class PartnerSearchHandlers(IPartnerSearchIndex index, ProgramDefinitionCache definitions, PageRenderer pages)
{
    /// <summary>
    /// POST staff/search-index/rebuild: compares every partner's profile with its index entry and re-writes the entries
    /// that differ or are missing, removing those of partners that no longer exist (idempotent: a second call writes
    /// nothing). 200 with the counts.
    /// </summary>
    public async Task<IResult> RebuildAsync(CancellationToken cancellationToken) =>
        ApiResults.Ok(await index.RebuildAsync(cancellationToken));

    public async Task<IResult> SearchAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var q = call.Request.Query;
        string? Value(string name) => q[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        var (text, tier, competency, level, country, legacy, token) = (Value("q"), Value("tier"), Value("competency"), Value("level"), Value("country"), Value("legacy"), Value("page"));
        var competencies = await CompetenciesAsync(call.CancellationToken);
        string? error = null;
        PagedResult<PartnerSearchHit>? result = null;
        Tier? tierValue = null;
        CompetencyLevel? levelValue = null;
        if (tier is not null)
        {
            tierValue = Enum.TryParse<Tier>(tier, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : null;
            error = tierValue is null ? "Tier: choose a tier from the list." : null;
        }

        if (level is not null && error is null)
        {
            levelValue = Enum.TryParse<CompetencyLevel>(level, ignoreCase: true, out var l) && Enum.IsDefined(l) ? l : null;
            error = levelValue is null ? "Level: choose a level from the list." : null;
        }

        try
        {
            if (error is null)
            {
                var query = new PartnerSearchQuery
                {
                    Text = text,
                    Tier = tierValue,
                    CompetencyId = competency,
                    MinimumLevel = competency is null ? null : levelValue,
                    Country = country?.ToUpperInvariant(),
                    LegacySpecialization = legacy,
                    ContinuationToken = token,
                };
                query.Validate();
                result = await index.SearchAsync(query, call.CancellationToken);
            }
        }
        catch (ArgumentException ex)
        {
            error = $"{FieldOf(ex.ParamName)}: {ex.Message.Split(" (Parameter", 2)[0]}";
        }

        return await pages.RenderAsync<PartnerSearchPage>(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, new Dictionary<string, object?>
        {
            [nameof(PartnerSearchPage.Context)] = call.Page,
            [nameof(PartnerSearchPage.View)] = new PartnerSearchView(text, tier, competency, level, country, legacy, result?.Items ?? [], result?.ContinuationToken, error, competencies),
        });
    }

    // The form's field names for the query's properties.
    private static string FieldOf(string? parameter) => parameter switch
    {
        nameof(PartnerSearchQuery.Text) => "Search",
        nameof(PartnerSearchQuery.Tier) => "Tier",
        nameof(PartnerSearchQuery.CompetencyId) => "Competency",
        nameof(PartnerSearchQuery.MinimumLevel) => "Level",
        nameof(PartnerSearchQuery.Country) => "Country",
        nameof(PartnerSearchQuery.LegacySpecialization) => "Legacy specialization",
        nameof(PartnerSearchQuery.ContinuationToken) => "Page",
        _ => "Search",
    };

    private async Task<IReadOnlyList<(string Id, string Name)>> CompetenciesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var definition = await definitions.GetActiveAsync(cancellationToken);
            return definition.Competencies.Select(c => (c.Id, c.Name)).ToArray();
        }
        catch (NoActiveDefinitionException)
        {
            return [];
        }
    }
}
