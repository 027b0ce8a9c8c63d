using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PartnerFunctions.Workflows.Http;

/// <summary>Turns a <see cref="JsonException"/> of a request body into the field error naming the member at fault.</summary>
internal static class JsonRequestErrors
{
    private static readonly ConcurrentDictionary<Type, IReadOnlySet<string>> MemberNames = new();

    /// <summary>The member's path (e.g. "amount", "accreditations[0].completedOn", or "$" for the whole body) and what is wrong.</summary>
    public static FieldError Describe(JsonException exception, Type bodyType, JsonSerializerOptions options)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path.StartsWith("$.", StringComparison.Ordinal) ? exception.Path[2..] : exception.Path;
        var member = LastMember(path);
        var message = exception.Message;
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return new FieldError(path, "is given more than once (each member may appear once)");
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var known = member is null ? null : Names(bodyType, options).FirstOrDefault(n => string.Equals(n, member, StringComparison.OrdinalIgnoreCase));
            return new FieldError(path, known is not null
                ? $"is not a member of this body: member names are case-sensitive, write '{known}'"
                : "is not a field this endpoint accepts (server-owned fields such as tier, levels and validation states cannot be set)");
        }

        if (exception.InnerException is InvalidOperationException inner && inner.Message.Contains("token type 'String' as a number", StringComparison.Ordinal))
        {
            return new FieldError(path, "must be a JSON number, not a string");
        }

        return new FieldError(path, "has a value of the wrong type or is malformed");
    }

    // "accreditations[0].completedOn" -> "completedOn"; "amount" -> "amount"; "$" -> null.
    private static string? LastMember(string path)
    {
        if (path == "$")
        {
            return null;
        }

        var name = path[(path.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket == 0 ? null : bracket > 0 ? name[..bracket] : name;
    }

    // Every member name of the body's contract, nested types included (for "write 'competencyId'" hints).
    private static IReadOnlySet<string> Names(Type bodyType, JsonSerializerOptions options) =>
        MemberNames.GetOrAdd(bodyType, type =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>([type]);
            while (pending.Count > 0)
            {
                var info = options.GetTypeInfo(pending.Pop());
                if (!seen.Add(info.Type))
                {
                    continue;
                }

                if (info.ElementType is { } element)
                {
                    pending.Push(element);
                }

                if (info.Kind == JsonTypeInfoKind.Object)
                {
                    foreach (var property in info.Properties)
                    {
                        names.Add(property.Name);
                        pending.Push(property.PropertyType);
                    }
                }
            }

            return names;
        });
}
