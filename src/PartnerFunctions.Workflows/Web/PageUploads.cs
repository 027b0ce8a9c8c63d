using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>A document posted by a page form: a chosen file, else the text pasted in a text area.</summary>
public static class PageUploads
{
    /// <summary>
    /// The bytes of the file in <paramref name="fileField"/> when one was chosen, else of the text in
    /// <paramref name="textField"/>; the error to show instead when neither was given or the document is larger than
    /// <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<(byte[]? Content, string? Error)> ReadAsync(IFormCollection form, string fileField, string textField, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var file = form.Files.GetFile(fileField);
        if (file is { Length: > 0 })
        {
            if (file.Length > maxBytes)
            {
                return (null, FormattableString.Invariant($"The file is larger than {maxBytes / 1024} KiB."));
            }

            using var buffer = new MemoryStream((int)file.Length);
            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return (buffer.ToArray(), null);
        }

        var text = form.TryGetValue(textField, out var values) && values.Count == 1 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "Choose a JSON file or paste the definition's JSON.");
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return bytes.Length > maxBytes
            ? (null, FormattableString.Invariant($"The text is larger than {maxBytes / 1024} KiB."))
            : (bytes, null);
    }
}
