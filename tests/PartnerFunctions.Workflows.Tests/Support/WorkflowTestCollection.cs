using System.Diagnostics.CodeAnalysis;
using PartnerFunctions.Testing;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>
/// The collection of workflow test classes: they share the run's Azurite (<see cref="AzuriteFixture"/>) and run one
/// class at a time, so the engine's timers are not starved by other workflow tests on a small machine. Each
/// <see cref="WorkflowTestHost"/> still gets storage of its own (a unique table prefix). Use as
/// <c>[Collection(WorkflowTestCollection.Name)]</c> with a constructor taking <see cref="AzuriteFixture"/>.
/// </summary>
[CollectionDefinition(Name)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An xunit collection definition: the suffix says what it is.")]
public sealed class WorkflowTestCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Workflows on the Durable Task engine and Azurite";
}
