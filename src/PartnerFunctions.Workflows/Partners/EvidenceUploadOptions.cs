using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// Limits of evidence document uploads, checked by the upload handler before anything is read or stored so that a
/// refused upload gets the right status (415 or 413). Bound from the same "Storage" section as the document store's
/// own limits (Storage__MaxDocumentBytes, Storage__AllowedDocumentContentTypes__0...), so one setting drives both;
/// a test checks the defaults agree.
/// </summary>
public sealed class EvidenceUploadOptions
{
    /// <summary>The configuration section (shared with the storage options).</summary>
    public const string SectionName = "Storage";

    /// <summary>Largest document accepted, in bytes (default 10 MiB).</summary>
    [Range(1, 256L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The content types accepted when <see cref="AllowedDocumentContentTypes"/> lists none.</summary>
    public static IReadOnlyList<string> DefaultDocumentContentTypes { get; } = ["application/pdf", "image/png", "image/jpeg"];

    /// <summary>
    /// Content types accepted (media type only, without parameters); empty means <see cref="DefaultDocumentContentTypes"/>.
    /// Starts empty so that configured values replace the defaults instead of being appended to them by the binder.
    /// </summary>
    public IList<string> AllowedDocumentContentTypes { get; } = [];

    /// <summary>The content types in force (trimmed, lowercase).</summary>
    public IReadOnlyList<string> AllowedDocumentContentTypeList =>
        (AllowedDocumentContentTypes.Count == 0 ? (IEnumerable<string>)DefaultDocumentContentTypes : AllowedDocumentContentTypes)
            .Select(t => (t ?? string.Empty).Trim().ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
