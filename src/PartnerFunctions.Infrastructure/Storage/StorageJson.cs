using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>JSON of the columns that hold structures (accreditations, history, receipts): camelCase, enums as names.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // A string property holds at most 64 KiB (32K UTF-16 characters); an entity at most 1 MiB and 255 properties.
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 15;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON of {typeof(T).Name} is null.");

    /// <summary>Writes a long string over several properties: name, name_1, name_2, ...</summary>
    public static void WriteLarge(TableEntity entity, string name, string value)
    {
        var chunks = (value.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
        {
            throw new ArgumentException($"{name} is {value.Length} characters; a row holds at most {ChunkChars * MaxChunks}.", nameof(value));
        }

        entity[name] = value.Length <= ChunkChars ? value : value[..ChunkChars];
        for (var i = 1; i < chunks; i++)
        {
            var start = i * ChunkChars;
            entity[Chunk(name, i)] = value.Substring(start, Math.Min(ChunkChars, value.Length - start));
        }
    }

    /// <summary>Reads a string written by <see cref="WriteLarge"/>, or null when absent.</summary>
    public static string? ReadLarge(TableEntity entity, string name)
    {
        var first = entity.GetString(name);
        if (first is null || !entity.ContainsKey(Chunk(name, 1)))
        {
            return first;
        }

        var builder = new System.Text.StringBuilder(first);
        for (var i = 1; entity.GetString(Chunk(name, i)) is { } next; i++)
        {
            builder.Append(next);
        }

        return builder.ToString();
    }

    private static string Chunk(string name, int index) => FormattableString.Invariant($"{name}_{index}");
}
