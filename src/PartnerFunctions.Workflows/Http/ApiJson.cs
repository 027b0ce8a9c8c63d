using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Http;

/// <summary>JSON conventions of the HTTP API: camelCase, enums as camelCase strings, unknown members rejected.</summary>
public static class ApiJson
{
    /// <summary>Options for reading request bodies and writing responses.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>
    /// Reads a JSON request body. Returns the value, or a 400 problem naming the field at fault (unknown or
    /// server-owned members included: they are rejected, never silently ignored).
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedMediaType("Content-Type", "Send the body as application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null
                ? (null, ApiProblems.Validation(new FieldError("$", "The body must be a JSON object.")))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            var message = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "is not a field this endpoint accepts (server-owned fields such as tier, levels and validation states cannot be set)"
                : "has a value of the wrong type or is malformed";
            return (null, ApiProblems.Validation(new FieldError(path, message)));
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        // Markets are written as in program definitions ("smallbusiness"), so a value read back from a response can be
        // sent in a request unchanged; registered before the general enum converter, which would say "smallBusiness".
        options.Converters.Add(new MarketJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Reads and writes <see cref="Market"/> with the program definition's names.</summary>
internal sealed class MarketJsonConverter : JsonConverter<Market>
{
    public override Market Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ProgramDefinitionLoader.ParseMarket(reader.GetString()) is { } market
            ? market
            : throw new JsonException("Expected \"enterprise\", \"midmarket\" or \"smallbusiness\".");

    public override void Write(Utf8JsonWriter writer, Market value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ProgramDefinitionLoader.MarketName(value));
    }
}
