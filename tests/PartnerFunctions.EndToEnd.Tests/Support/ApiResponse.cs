using System.Text.Json;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>A response read whole: status, body text, Location, and the body as JSON on demand.</summary>
public sealed record ApiResponse(int Status, string Body, Uri? Location, string? ContentType)
{
    /// <summary>The API's JSON conventions (camelCase; enums as strings are read by name).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The body as JSON (fails the test with the body when it is not JSON).</summary>
    public JsonElement JsonBody
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"Response {Status} is not JSON: {Body}", ex);
            }
        }
    }

    /// <summary>Fails with the body when the status is not <paramref name="expected"/>.</summary>
    public ApiResponse Expect(params int[] expected)
    {
        if (!expected.Contains(Status))
        {
            throw new Xunit.Sdk.XunitException($"Expected HTTP {string.Join(" or ", expected)}, got {Status}: {Body}");
        }

        return this;
    }
}
