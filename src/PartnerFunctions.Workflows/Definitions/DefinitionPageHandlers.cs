using System.Globalization;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>What the console's definitions page shows.</summary>
/// <param name="Active">The active version with the pointer's ETag the activate forms carry; null before the first activation.</param>
/// <param name="Errors">Every error of the uploaded candidate at its JSON path.</param>
/// <param name="CandidateText">The pasted candidate, kept in the text area so it can be corrected.</param>
/// <param name="StoredTag">The version just stored (or validated), offered to the what-if page and the diff.</param>
public sealed record DefinitionsView(
    IReadOnlyList<ProgramDefinitionVersionInfo> Versions,
    ActiveProgramDefinition? Active,
    string? Notice,
    string? Error,
    IReadOnlyList<FieldError> Errors,
    string? CandidateText,
    string? StoredTag);

/// <summary>What the diff page shows: the two versions and what changes from one to the other.</summary>
public sealed record DefinitionDiffView(
    IReadOnlyList<ProgramDefinitionVersionInfo> Versions,
    string? FromTag,
    string? ToTag,
    ProgramDefinition? From,
    ProgramDefinition? To,
    ProgramDefinitionChanges? Changes,
    string? Error);

/// <summary>
/// The console's program definitions (staff): the stored versions with the active one, a diff of two versions, a
/// candidate validated (every error at its JSON path) and stored as a new version, and a version activated against
/// the ETag the page was shown with, so that a concurrent activation is a message on the page (409), not a switch.
/// Validation is the API's (<see cref="DefinitionHandlers.Load(ReadOnlySpan{byte})"/>); storing and activating are
/// <see cref="DefinitionVersions"/>, as the API's routes do.
/// </summary>
public sealed class DefinitionPageHandlers(IProgramDefinitionRepository repository, DefinitionVersions versions, PageRenderer pages)
{
    public const string PagePath = "/staff/definitions";

    /// <summary>GET staff/definitions (?activated= or ?stored= after a form).</summary>
    public async Task<IResult> ListAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var q = call.Request.Query;
        string? notice = null;
        if (Tag(q["activated"]) is { } activated)
        {
            notice = q["already"] == "1" ? $"{activated} was already the active version: nothing changed." : $"{activated} is now the active version.";
        }
        else if (Tag(q["stored"]) is { } stored)
        {
            notice = q["already"] == "1" ? $"{stored} was stored before with the same content: nothing was written." : $"{stored} is stored as a new version (not active).";
        }

        return await RenderAsync(call, StatusCodes.Status200OK, notice, null, [], null, Tag(q["stored"]));
    }

    /// <summary>POST staff/definitions/upload: validate the candidate (action=validate) or validate and store it (action=store).</summary>
    public async Task<IResult> UploadAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var pasted = PageForms.Field(form, "json");
        var keep = pasted is { Length: <= 200_000 } ? pasted : null;
        var (content, uploadError) = await PageUploads.ReadAsync(form, "file", "json", DefinitionHandlers.MaxDefinitionBytes, call.CancellationToken);
        if (content is null)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, uploadError, [], keep, null);
        }

        var (definition, errors) = DefinitionHandlers.Load(content);
        if (definition is null)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, null, errors, keep, null);
        }

        if (PageForms.Field(form, "action") != "store")
        {
            var valid = string.Create(CultureInfo.InvariantCulture, $"{definition.VersionTag} is valid ({definition.Competencies.Count} competencies). Nothing was stored.");
            return await RenderAsync(call, StatusCodes.Status200OK, valid, null, [], keep, null);
        }

        var result = await versions.StoreAsync(definition, call.StaffId, call.CancellationToken);
        return result.Outcome == DefinitionStoreOutcome.VersionTaken
            ? await RenderAsync(call, StatusCodes.Status409Conflict, null, $"{definition.VersionTag} is stored already with a different content. Stored versions never change: give the candidate a new version number.", [], keep, null)
            : new PageRedirect(PagePath + "?stored=" + Uri.EscapeDataString(definition.VersionTag) + (result.Outcome == DefinitionStoreOutcome.AlreadyStored ? "&already=1" : string.Empty));
    }

    /// <summary>POST staff/definitions/activate (id, version, etag: the active pointer's ETag when the page was shown, empty when none was active).</summary>
    public async Task<IResult> ActivateAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var id = PageForms.Field(form, "id");
        var versionText = PageForms.Field(form, "version");
        if (id is null || ApiIds.Check("id", id) is not null || !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, "Choose a stored version to activate.", [], null, null);
        }

        var shownETag = form.TryGetValue("etag", out var etags) && etags.Count == 1 && !string.IsNullOrEmpty(etags[0]) ? etags[0] : null;
        var result = await versions.ActivateAsync(id, version, conditional: true, shownETag, call.StaffId, call.CancellationToken);
        var tag = FormattableString.Invariant($"{id}@v{version}");
        return result.Outcome switch
        {
            DefinitionActivationOutcome.Activated => new PageRedirect(PagePath + "?activated=" + Uri.EscapeDataString(tag)),
            DefinitionActivationOutcome.AlreadyActive => new PageRedirect(PagePath + "?activated=" + Uri.EscapeDataString(tag) + "&already=1"),
            DefinitionActivationOutcome.Stale => await RenderAsync(call, StatusCodes.Status409Conflict, null, $"The active version changed since this page was shown, so {tag} was not activated. The list below is up to date: check which version is active now and activate again if you still want {tag}.", [], null, null),
            _ => await RenderAsync(call, StatusCodes.Status404NotFound, null, $"{tag} is not stored.", [], null, null),
        };
    }

    /// <summary>GET staff/definitions/diff?from=id@vN&amp;to=id@vM.</summary>
    public async Task<IResult> DiffAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var all = await repository.ListVersionsAsync(call.CancellationToken);
        var fromText = Tag(call.Request.Query["from"]);
        var toText = Tag(call.Request.Query["to"]);
        async Task<IResult> Show(int status, ProgramDefinition? from, ProgramDefinition? to, string? error) =>
            await pages.RenderAsync<DefinitionDiffPage>(status, new Dictionary<string, object?>
            {
                [nameof(DefinitionDiffPage.Context)] = call.Page,
                [nameof(DefinitionDiffPage.View)] = new DefinitionDiffView(all, fromText, toText, from, to, from is null || to is null ? null : ProgramDefinitionDiff.Compare(from, to), error),
            });

        if (!TryParseTag(fromText, out var fromId, out var fromVersion) || !TryParseTag(toText, out var toId, out var toVersion))
        {
            return await Show(StatusCodes.Status400BadRequest, null, null, "Choose the two versions to compare (from and to, each written id@vN).");
        }

        var fromStored = await repository.GetVersionAsync(fromId, fromVersion, call.CancellationToken);
        var toStored = await repository.GetVersionAsync(toId, toVersion, call.CancellationToken);
        if (fromStored is null || toStored is null)
        {
            return await Show(StatusCodes.Status404NotFound, null, null, $"{(fromStored is null ? fromText : toText)} is not stored.");
        }

        return await Show(StatusCodes.Status200OK, fromStored.Definition, toStored.Definition, null);
    }

    /// <summary>"id@vN" parsed.</summary>
    public static bool TryParseTag(string? tag, out string id, out int version)
    {
        id = string.Empty;
        version = 0;
        var at = tag?.LastIndexOf("@v", StringComparison.Ordinal) ?? -1;
        if (tag is null || at <= 0 || !int.TryParse(tag.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            return false;
        }

        id = tag[..at];
        return ApiIds.Check("id", id) is null;
    }

    private static string? Tag(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 1 && value[0] is { Length: > 0 and <= 100 } text ? text : null;

    private async Task<IResult> RenderAsync(RouteCall call, int status, string? notice, string? error, IReadOnlyList<FieldError> errors, string? candidateText, string? storedTag)
    {
        var list = await repository.ListVersionsAsync(call.CancellationToken);
        var active = await repository.GetActiveAsync(call.CancellationToken);
        return await pages.RenderAsync<DefinitionsPage>(status, new Dictionary<string, object?>
        {
            [nameof(DefinitionsPage.Context)] = call.Page,
            [nameof(DefinitionsPage.View)] = new DefinitionsView(list, active, notice, error, errors, candidateText, storedTag),
        });
    }
}
