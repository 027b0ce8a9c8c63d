using Microsoft.Net.Http.Headers;

namespace PartnerFunctions.Workflows.Http;

/// <summary>Content-Type checks of request bodies: the media type is parsed and compared whole, never by prefix.</summary>
public static class ApiMediaTypes
{
    /// <summary>
    /// True when <paramref name="contentType"/> parses as a media type equal to <paramref name="mediaType"/>
    /// (case-insensitive), with or without parameters: "application/json; charset=utf-8" is application/json,
    /// "application/jsonx" is not.
    /// </summary>
    public static bool Is(string? contentType, string mediaType)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        return MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when <paramref name="contentType"/> names no charset, or UTF-8 (the only encoding bodies are read in).</summary>
    public static bool CharsetIsUtf8OrAbsent(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var charset = HeaderUtilities.RemoveQuotes(parsed.Charset);
        return !parsed.Charset.HasValue
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
