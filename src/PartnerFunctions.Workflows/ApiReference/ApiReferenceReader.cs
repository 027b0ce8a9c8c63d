using System.Text.Json;

namespace PartnerFunctions.Workflows.ApiReference;

/// <summary>Reads <see cref="ApiReferenceDocument"/> from an OpenAPI 3 JSON text (the one this app serves).</summary>
public static class ApiReferenceReader
{
    /// <summary>How deep nested schemas are expanded (named schemas past it are shown by name).</summary>
    public const int MaxDepth = 4;

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head"];

    public static ApiReferenceDocument Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var components = root.TryGetProperty("components", out var c) ? c : default;
        var info = root.GetProperty("info");
        var operations = new List<(string Tag, ApiReferenceOperation Operation)>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                {
                    var tag = operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString() ?? "" : "";
                    operations.Add((tag, ReadOperation(method.ToUpperInvariant(), path.Name, operation, components)));
                }
            }
        }

        var tagList = root.TryGetProperty("tags", out var declared)
            ? declared.EnumerateArray().Select(t => (Name: Text(t, "name"), Description: Text(t, "description"))).ToList()
            : [];
        tagList.AddRange(operations.Select(o => o.Tag).Distinct(StringComparer.Ordinal).Where(t => tagList.All(d => d.Name != t)).Select(t => (t, "")));
        return new ApiReferenceDocument(
            Text(info, "title"),
            Text(info, "version"),
            Text(info, "description"),
            root.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0 ? Text(servers[0], "url") : "",
            ReadSecurity(components),
            tagList.Select(t => new ApiReferenceTag(t.Name, t.Description, operations.Where(o => o.Tag == t.Name).Select(o => o.Operation).ToArray()))
                .Where(t => t.Operations.Count > 0)
                .ToArray());
    }

    private static ApiReferenceOperation ReadOperation(string method, string path, JsonElement operation, JsonElement components)
    {
        var parameters = operation.TryGetProperty("parameters", out var list)
            ? list.EnumerateArray().Select(p => Resolve(p, components)).Select(p => new ApiReferenceParameter(
                Text(p, "name"),
                Text(p, "in"),
                p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                p.TryGetProperty("schema", out var s) ? ReadSchema(s, components, 0) : Untyped,
                Text(p, "description"))).ToArray()
            : [];
        ApiReferenceBody? body = null;
        if (operation.TryGetProperty("requestBody", out var requestBody))
        {
            var resolved = Resolve(requestBody, components);
            var (contentType, schema) = FirstContent(resolved, components);
            body = new ApiReferenceBody(resolved.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True, contentType ?? "", schema);
        }

        var responses = operation.TryGetProperty("responses", out var answers)
            ? answers.EnumerateObject().Select(a =>
            {
                var resolved = Resolve(a.Value, components);
                var (contentType, schema) = FirstContent(resolved, components);
                return new ApiReferenceResponse(a.Name, Text(resolved, "description"), contentType, schema);
            }).ToArray()
            : [];
        return new ApiReferenceOperation(method, path, Text(operation, "operationId"), Text(operation, "summary"), Text(operation, "description"), Text(operation, "x-audience"), parameters, body, responses);
    }

    private static (string? ContentType, ApiReferenceSchema? Schema) FirstContent(JsonElement holder, JsonElement components)
    {
        if (!holder.TryGetProperty("content", out var content))
        {
            return (null, null);
        }

        foreach (var media in content.EnumerateObject())
        {
            return (media.Name, media.Value.TryGetProperty("schema", out var schema) ? ReadSchema(schema, components, 0) : null);
        }

        return (null, null);
    }

    private static ApiReferenceSchema ReadSchema(JsonElement schema, JsonElement components, int depth)
    {
        string? name = null;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            name = RefName(reference.GetString());
            var resolved = Resolve(schema, components);
            if (depth >= MaxDepth || resolved.ValueKind != JsonValueKind.Object)
            {
                return new ApiReferenceSchema(name, name ?? "object", "", [], [], null);
            }

            schema = resolved;
        }

        var type = Text(schema, "type");
        var format = Text(schema, "format");
        ApiReferenceSchema? items = null;
        if (type == "array" && schema.TryGetProperty("items", out var itemSchema))
        {
            items = ReadSchema(itemSchema, components, depth + 1);
        }

        var required = schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
            ? req.EnumerateArray().Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var properties = schema.TryGetProperty("properties", out var props) && depth < MaxDepth
            ? props.EnumerateObject().Select(p => new ApiReferenceProperty(p.Name, required.Contains(p.Name), ReadSchema(p.Value, components, depth + 1))).ToArray()
            : [];
        var words = type switch
        {
            "array" => "array of " + (items?.Name ?? items?.Type ?? "values"),
            "" => schema.TryGetProperty("oneOf", out _) || schema.TryGetProperty("anyOf", out _) ? "one of several shapes" : "any",
            _ => format.Length > 0 ? $"{type} ({format})" : type,
        };
        if (schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
        {
            words += ", or null";
        }

        return new ApiReferenceSchema(name, words, Text(schema, "description"), Constraints(schema), properties, items);
    }

    private static string[] Constraints(JsonElement schema)
    {
        var list = new List<string>();
        if (schema.TryGetProperty("enum", out var values))
        {
            list.Add("one of: " + string.Join(", ", values.EnumerateArray().Select(v => v.ToString())));
        }

        foreach (var (key, words) in new[] { ("minLength", "at least {0} characters"), ("maxLength", "at most {0} characters"), ("minimum", "from {0}"), ("maximum", "up to {0}"), ("pattern", "matches {0}") })
        {
            if (schema.TryGetProperty(key, out var value))
            {
                list.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, words, value.ToString()));
            }
        }

        return list.ToArray();
    }

    private static ApiReferenceSecurity[] ReadSecurity(JsonElement components) =>
        components.ValueKind == JsonValueKind.Object && components.TryGetProperty("securitySchemes", out var schemes)
            ? schemes.EnumerateObject().Select(s => new ApiReferenceSecurity(s.Name, Text(s.Value, "description"))).ToArray()
            : [];

    // A "#/components/{kind}/{name}" reference followed once (the document's refs are never chained).
    private static JsonElement Resolve(JsonElement element, JsonElement components)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("$ref", out var reference) || components.ValueKind != JsonValueKind.Object)
        {
            return element;
        }

        var parts = (reference.GetString() ?? "").Split('/');
        return parts.Length == 4 && parts[0] == "#" && parts[1] == "components"
            && components.TryGetProperty(parts[2], out var kind) && kind.TryGetProperty(parts[3], out var target)
            ? target
            : element;
    }

    private static string? RefName(string? reference) => reference?[(reference.LastIndexOf('/') + 1)..];

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static readonly ApiReferenceSchema Untyped = new(null, "any", "", [], [], null);
}
