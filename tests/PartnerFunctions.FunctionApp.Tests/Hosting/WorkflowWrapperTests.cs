using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Hosting;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>The Functions app exposes exactly the orchestrators and activities the workflow registry lists.</summary>
public sealed class WorkflowWrapperTests
{
    private static readonly IReadOnlyList<FunctionInfo> Functions = FunctionCatalog.Functions(typeof(Program).Assembly);

    [Fact]
    public void Orchestrators_InRegistry_HaveAWrapperOfTheSameNameAndViceVersa()
    {
        var registry = WorkflowRegistry.Orchestrators.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        var wrappers = Functions.Where(f => f.Trigger == FunctionTriggerKind.Orchestration).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(registry, wrappers);
    }

    [Fact]
    public void Activities_InRegistry_HaveAWrapperOfTheSameNameAndViceVersa()
    {
        var registry = WorkflowRegistry.Activities.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        var wrappers = Functions.Where(f => f.Trigger == FunctionTriggerKind.Activity).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(registry, wrappers);
    }
}
