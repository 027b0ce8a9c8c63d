using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>The shipped default definition, and variants made by editing its JSON (never by copying it).</summary>
internal static class TestDefinitions
{
    public const string DefaultVersionTag = "partner-program-2026@v1";

    public static ProgramDefinition Default { get; } = ProgramDefinitionLoader.LoadDefault();

    /// <summary>A fresh, editable JSON tree of the default definition.</summary>
    public static JsonNode DefaultNode() => JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;

    /// <summary>The default definition's JSON after <paramref name="edit"/>.</summary>
    public static string MutatedJson(Action<JsonNode> edit)
    {
        var node = DefaultNode();
        edit(node);
        return node.ToJsonString();
    }

    /// <summary>A valid variant of the default definition (throws when the edit makes it invalid).</summary>
    public static ProgramDefinition Mutated(Action<JsonNode> edit) => ProgramDefinitionLoader.LoadOrThrow(MutatedJson(edit));

    /// <summary>The JSON object of the level <paramref name="level"/> ("principal" or "expert") of competency <paramref name="index"/>.</summary>
    public static JsonObject Level(JsonNode root, int index, string level) =>
        root["competencies"]![index]!["levels"]![level]!.AsObject();
}
