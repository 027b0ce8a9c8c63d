namespace PartnerFunctions.Workflows.ApiReference;

/// <summary>The OpenAPI document as the reference pages show it: tags with their operations, schemas resolved.</summary>
public sealed record ApiReferenceDocument(string Title, string Version, string Description, string ServerUrl, IReadOnlyList<ApiReferenceSecurity> Security, IReadOnlyList<ApiReferenceTag> Tags);

/// <summary>One way to authenticate.</summary>
public sealed record ApiReferenceSecurity(string Name, string Description);

/// <summary>A tag and its operations, in the document's order.</summary>
public sealed record ApiReferenceTag(string Name, string Description, IReadOnlyList<ApiReferenceOperation> Operations);

/// <summary>One operation.</summary>
/// <param name="Audience">Who may call it (the document's x-audience: anonymous, partner-own, staff...).</param>
public sealed record ApiReferenceOperation(
    string Method,
    string Path,
    string OperationId,
    string Summary,
    string Description,
    string Audience,
    IReadOnlyList<ApiReferenceParameter> Parameters,
    ApiReferenceBody? Body,
    IReadOnlyList<ApiReferenceResponse> Responses);

/// <summary>A path, query or header parameter.</summary>
public sealed record ApiReferenceParameter(string Name, string In, bool Required, ApiReferenceSchema Schema, string Description);

/// <summary>A request body.</summary>
public sealed record ApiReferenceBody(bool Required, string ContentType, ApiReferenceSchema? Schema);

/// <summary>A response: status code, meaning, and its body when it has one.</summary>
public sealed record ApiReferenceResponse(string Status, string Description, string? ContentType, ApiReferenceSchema? Schema);

/// <summary>A schema, its named component (when it came from one) and its properties, resolved to a bounded depth.</summary>
/// <param name="Type">What it is in words: "string (date-time)", "array of Decision", "object".</param>
/// <param name="Constraints">Pattern, length, range, allowed values, in words.</param>
public sealed record ApiReferenceSchema(
    string? Name,
    string Type,
    string Description,
    IReadOnlyList<string> Constraints,
    IReadOnlyList<ApiReferenceProperty> Properties,
    ApiReferenceSchema? Items);

/// <summary>A property of an object schema.</summary>
public sealed record ApiReferenceProperty(string Name, bool Required, ApiReferenceSchema Schema);
