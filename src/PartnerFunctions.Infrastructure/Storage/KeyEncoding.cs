using System.Text;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>
/// Turns ids into PartitionKey/RowKey segments. Table keys may not contain '/', '\', '#', '?' or control characters;
/// we also reserve '~' (the segment separator, so that "{a}~{b}" is unambiguous and every segment sorts below '~')
/// and escape anything outside a small safe set as '!' followed by the two hex digits of each UTF-8 byte. Plain ids
/// (letters, digits, '-', '_', '.', '@', '+', ':', '=') are unchanged, so keys stay readable.
/// </summary>
internal static class KeyEncoding
{
    /// <summary>Separates the segments of a composite key.</summary>
    public const char Separator = '~';

    private const char Escape = '!';

    /// <summary>Encodes one id as a key segment (reversible with <see cref="Decode"/>).</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var safe = true;
        foreach (var c in value)
        {
            if (!IsSafe(c))
            {
                safe = false;
                break;
            }
        }

        if (safe)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsSafe(c))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), bytes);
            for (var b = 0; b < length; b++)
            {
                builder.Append(Escape).Append(bytes[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a segment written by <see cref="Encode"/>.</summary>
    public static string Decode(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!segment.Contains(Escape, StringComparison.Ordinal))
        {
            return segment;
        }

        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == Escape)
            {
                if (i + 2 >= segment.Length)
                {
                    throw new FormatException($"Key segment '{segment}' ends inside an escape.");
                }

                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(checked((byte)segment[i]));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Joins already encoded segments with <see cref="Separator"/>.</summary>
    public static string Join(params ReadOnlySpan<string> segments) => string.Join(Separator, segments);

    /// <summary>
    /// The exclusive upper bound of keys starting with <paramref name="prefix"/> followed by encoded segments: every
    /// encoded character sorts below '~', so "{prefix}~" bounds them.
    /// </summary>
    public static string UpperBound(string prefix) => prefix + Separator;

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '@' or '+' or ':' or '=';
}
