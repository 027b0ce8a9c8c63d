using System.Globalization;
using System.Text.Json;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>Steps the end-to-end tests share: definitions, seeding, waiting for workflows through the API.</summary>
public static class Scenario
{
    /// <summary>Stores and activates the default program definition through the staff API (idempotent).</summary>
    public static async Task<ProgramDefinition> ActivateDefaultDefinitionAsync(ApiClient api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var json = ProgramDefinitionLoader.DefaultJson();
        var definition = ProgramDefinitionLoader.LoadOrThrow(json);
        (await api.PostAsync("api/staff/definitions", json, cancellationToken)).Expect(200, 201);
        (await api.PostAsync(string.Create(CultureInfo.InvariantCulture, $"api/staff/definitions/{definition.Id}/versions/{definition.Version}/activate"), null, cancellationToken)).Expect(200);
        return definition;
    }

    /// <summary>Stores and activates the default definition directly in storage (for hosts seeded by the repositories).</summary>
    public static async Task<ProgramDefinition> SeedDefaultDefinitionAsync(IProgramDefinitionRepository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var definition = ProgramDefinitionLoader.LoadDefault();
        await repository.StoreVersionAsync(definition, "e2e", DateTimeOffset.UtcNow, cancellationToken);
        var active = await repository.GetActiveAsync(cancellationToken);
        if (active is null || active.Stored.Definition.VersionTag != definition.VersionTag)
        {
            await repository.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "e2e", DateTimeOffset.UtcNow, cancellationToken);
        }

        return definition;
    }

    /// <summary>Generates <paramref name="count"/> demo partners with ids "{idPrefix}NNNNNN" and writes them through the repository, several at a time.</summary>
    public static async Task<IReadOnlyList<PartnerEvidence>> SeedDemoPartnersAsync(IPartnerRepository partners, ProgramDefinition definition, int count, string idPrefix, int seed = 7, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(seed, DateOnly.FromDateTime(DateTime.UtcNow), IdPrefix: idPrefix));
        var all = generator.GenerateMany(count).ToArray();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (evidence, ct) =>
            await partners.UpsertEvidenceAsync(evidence, "e2e", ct));
        return all;
    }

    /// <summary>Every stored partner (the whole-table scan the batch runs use).</summary>
    public static async Task<IReadOnlyList<PartnerSnapshot>> ReadAllPartnersAsync(IPartnerRepository partners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var all = new List<PartnerSnapshot>();
        await foreach (var page in partners.ScanPartnersAsync(null, 500, cancellationToken))
        {
            all.AddRange(page.Partners);
        }

        return all;
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="done"/> holds for its JSON body; returns that body.</summary>
    public static async Task<JsonElement> PollAsync(ApiClient api, string path, Func<JsonElement, bool> done, TimeSpan timeout, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var deadline = DateTime.UtcNow + timeout;
        ApiResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await api.GetAsync(path, cancellationToken);
            if (last.Status == 200 && done(last.JsonBody))
            {
                return last.JsonBody;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        throw new TimeoutException($"GET {path} did not reach the expected state within {timeout.TotalSeconds:0} s; last answer {last?.Status}: {last?.Body}");
    }

    /// <summary>Waits for a certification's status until <paramref name="done"/> holds.</summary>
    public static Task<JsonElement> WaitForCertificationAsync(ApiClient api, string partnerId, string competencyId, Func<JsonElement, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollAsync(api, $"api/partners/{partnerId}/certifications/{competencyId}", done, timeout, null, cancellationToken);

    /// <summary>Waits for a batch run (GET staff/runs/{kind}/{id}) to leave Running; returns the run view.</summary>
    public static Task<JsonElement> WaitForRunAsync(ApiClient api, string kind, string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollAsync(api, $"api/staff/runs/{kind}/{instanceId}", run => IsFinished(Str(run, "status")), timeout, TimeSpan.FromSeconds(1), cancellationToken);

    /// <summary>True for a run or orchestration status that will not change any more.</summary>
    public static bool IsFinished(string? status) =>
        status is not null && new[] { "Completed", "Failed", "Cancelled", "Terminated" }.Contains(status, StringComparer.OrdinalIgnoreCase);

    /// <summary>A string property, or null.</summary>
    public static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The certification's step (custom status), or null.</summary>
    public static string? Step(JsonElement certification) =>
        certification.TryGetProperty("customStatus", out var status) && status.ValueKind == JsonValueKind.Object ? Str(status, "step") : null;

    /// <summary>The certification's runtime status name ("Running", "Completed", ...).</summary>
    public static string? RuntimeStatus(JsonElement certification) =>
        certification.TryGetProperty("runtimeStatus", out var status) ? status.ToString() : null;
}
