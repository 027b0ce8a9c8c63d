using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// JSON conventions of the HTTP API: camelCase, enums as camelCase strings. Requests are read strictly: the content
/// type must be application/json (parameters allowed, UTF-8 only), and unknown members, duplicate members, members
/// whose case differs from the contract and numbers sent as strings are refused, each naming the member.
/// </summary>
public static class ApiJson
{
    /// <summary>The media type of request bodies.</summary>
    public const string MediaType = "application/json";

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
        if (!IsJson(request))
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
            return (null, ApiProblems.Validation(JsonRequestErrors.Describe(ex, typeof(T), Options)));
        }
    }

    /// <summary>
    /// True when the request's Content-Type is exactly application/json, with optional parameters (a charset, if
    /// given, must be UTF-8): "application/jsonx" or "application/json-patch+json" are not JSON to this API.
    /// </summary>
    public static bool IsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiMediaTypes.Is(request.ContentType, MediaType)
            && ApiMediaTypes.CharsetIsUtf8OrAbsent(request.ContentType);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

            // The Web defaults read "1000" as a number and "competencyID" as competencyId; the contract does not.
            // These three settings change reading only: responses are written exactly as before.
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,
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
