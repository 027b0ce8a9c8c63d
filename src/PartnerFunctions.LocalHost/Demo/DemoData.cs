using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.LocalHost.Demo;

/// <summary>What a demo load did.</summary>
public sealed record DemoDataResult(int Partners, int Written, int AlreadyPresent, string DefinitionId, int DefinitionVersion, double Seconds);

/// <summary>
/// Loads the demo data set: generated French partners of the legacy program (legacy specializations, people with
/// accreditations, revenue, references) for the active program definition, written through the repository in
/// batches (one transaction per 100 rows of a partner, a few partners in flight). Partners that exist are left as they
/// are, so a second load changes nothing and a restarted demo resumes on its data.
/// </summary>
public sealed partial class DemoData(IPartnerRepository partners, ProgramDefinitionCache definitions, TimeProvider clock, ILogger<DemoData> logger)
{
    public const string Path = "/_local/demo-data";

    /// <summary>The article's scale.</summary>
    public const int DefaultPartners = 1500;

    public const int MaxPartners = 100_000;

    /// <summary>Fixed, so every machine gets the same partners.</summary>
    public const int Seed = 42;

    private const int ChunkSize = 50;
    private const int InFlight = 8;

    /// <summary>The source recorded on demo revenue lines.</summary>
    public const string RevenueSource = "demo";

    public async Task<DemoDataResult> LoadAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxPartners);
        var started = clock.GetTimestamp();
        var definition = await definitions.GetActiveAsync(cancellationToken);
        var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(Seed, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        var written = 0;
        var present = 0;
        for (var start = 0; start < count; start += ChunkSize)
        {
            var indexes = Enumerable.Range(start, Math.Min(ChunkSize, count - start)).ToArray();
            var existing = await partners.GetProfilesAsync(indexes.Select(generator.PartnerId), cancellationToken);
            var missing = indexes.Where(i => !existing.ContainsKey(generator.PartnerId(i))).Select(generator.Generate).ToArray();
            present += indexes.Length - missing.Length;
            await Parallel.ForEachAsync(
                missing,
                new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
                async (partner, ct) => await partners.UpsertEvidenceAsync(partner, RevenueSource, ct));
            written += missing.Length;
        }

        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        LogLoaded(logger, count, written, present, seconds);
        return new DemoDataResult(count, written, present, definition.Id, definition.Version, Math.Round(seconds, 1));
    }

    /// <summary>POST /_local/demo-data?partners=1500: 200 with what was written; 409 when no definition is active.</summary>
    public static IEndpointRouteBuilder MapDemoData(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(Path, async (int? partners, DemoData demo, CancellationToken ct) =>
        {
            var count = partners ?? DefaultPartners;
            if (count is < 0 or > MaxPartners)
            {
                return ApiProblems.Validation(new FieldError("partners", $"must be between 0 and {MaxPartners}."));
            }

            try
            {
                return Results.Ok(await demo.LoadAsync(count, ct));
            }
            catch (NoActiveDefinitionException)
            {
                return ApiProblems.NoActiveDefinition();
            }
        }).ExcludeFromDescription();
        return endpoints;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Partners} partners, {Written} written, {Present} already present, in {Seconds:0.0} s")]
    private static partial void LogLoaded(ILogger logger, int partners, int written, int present, double seconds);
}
