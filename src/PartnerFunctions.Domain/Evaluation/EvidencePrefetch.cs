using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Prefetch hints for batch evaluation. Evaluating partners one after another waits on memory for each partner's
/// evidence object, its facts object and the facts' arrays, one after the other (each address is in the one
/// before). A batch asks the processor for those of the partners a few places ahead, one level per step, so they are
/// in cache when their turn comes. A hint reads and writes nothing and never faults (an object the collector has moved
/// meanwhile is simply not prefetched); where the instruction is not available, the hints do nothing.
/// </summary>
internal static class EvidencePrefetch
{
    private const int CacheLine = 64;

    /// <summary>Level 1: the evidence object.</summary>
    public static void Evidence(PartnerEvidence? evidence) => Line(evidence);

    /// <summary>Level 2: the facts object (the evidence object is in cache).</summary>
    public static void Facts(PartnerEvidence? evidence) => Line(evidence?.FactsIfBuilt);

    /// <summary>Level 3: the facts' arrays (the facts object is in cache).</summary>
    public static void Arrays(PartnerEvidence? evidence)
    {
        if (evidence?.FactsIfBuilt is not { } facts)
        {
            return;
        }

        Array(facts.CompetencyIds, facts.CompetencyIds.Length * IntPtr.Size);
        Array(facts.Currencies, facts.Currencies.Length * IntPtr.Size);
        Array(facts.People, facts.People.Length * Unsafe.SizeOf<PersonFact>());
        Array(facts.Accreditations, facts.Accreditations.Length * Unsafe.SizeOf<AccreditationFact>());
        Array(facts.Revenue, facts.Revenue.Length * Unsafe.SizeOf<RevenueFact>());
        Array(facts.References, facts.References.Length * Unsafe.SizeOf<ReferenceFact>());
    }

    // An array from its header (which holds the length the evaluator reads first) through its last element.
    private static void Array(object array, int elementBytes)
    {
        ref var start = ref Unsafe.As<RawData>(array).First;
        var end = (2 * IntPtr.Size) + elementBytes;
        for (var offset = 0; offset < end; offset += CacheLine)
        {
            Line(ref Unsafe.Add(ref start, offset - IntPtr.Size));
        }
    }

    // A reference is the object's address; the line there holds its first fields.
    private static unsafe void Line(object? value)
    {
        if (Sse.IsSupported && value is not null)
        {
            Sse.Prefetch0((void*)Unsafe.As<object, nint>(ref value));
        }
    }

    private static unsafe void Line(ref byte address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref address));
        }
    }

    // Any object seen through its first data byte (just after the method table pointer).
    private sealed class RawData
    {
#pragma warning disable CS0649 // Never assigned: only its address is taken.
        public byte First;
#pragma warning restore CS0649
    }
}
