using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Prefetch hints for batch evaluation. A partner's evidence is a small tree of objects (the evidence, its lists, the
/// people, their accreditations) scattered among the strings loaded with them, so evaluating partners one after
/// another waits on memory at each level of the tree. A batch asks the processor for the objects of the partners a
/// few places ahead, one level of the tree per step, so they are in cache when their turn comes. A hint reads and
/// writes nothing and never faults (an object the collector has moved meanwhile is simply not prefetched); where the
/// instruction is not available, the hints do nothing. Lists are arrays or <see cref="List{T}"/> in practice; other
/// lists are not prefetched. People have their own methods on purpose: a generic method over the reference type
/// <see cref="Person"/> would run as shared code through a runtime lookup, costing more than it saves.
/// </summary>
internal static class EvidencePrefetch
{
    private const int CacheLine = 64;

    /// <summary>Level 1: the evidence object.</summary>
    public static void Evidence(PartnerEvidence? evidence) => Line(evidence);

    /// <summary>Level 2: the people, revenue and reference lists (the evidence object is in cache).</summary>
    public static void Lists(PartnerEvidence? evidence)
    {
        if (evidence is null)
        {
            return;
        }

        if (evidence.People is Person[] people)
        {
            Array(people, people.Length * IntPtr.Size);
        }
        else
        {
            References(PeopleOf(evidence));
        }

        Values(evidence.Revenue);
        Values(evidence.References);
    }

    /// <summary>Level 3: each person (the people list is in cache).</summary>
    public static void People(PartnerEvidence? evidence)
    {
        foreach (var person in PeopleOf(evidence))
        {
            Line(person);
        }
    }

    /// <summary>Level 4: each person's accreditations (the people are in cache).</summary>
    public static void Accreditations(PartnerEvidence? evidence)
    {
        foreach (var person in PeopleOf(evidence))
        {
            Values(person?.Accreditations);
        }
    }

    // A list of structs: generic code over a value type is compiled for that type, so no lookup is involved.
    private static void Values<T>(IReadOnlyList<T>? items)
        where T : struct
    {
        switch (items)
        {
            case T[] array:
                Array(array, array.Length * Unsafe.SizeOf<T>());
                break;
            case List<T> list:
                Span(CollectionsMarshal.AsSpan(list));
                break;
            default:
                break;
        }
    }

    private static ReadOnlySpan<Person> PeopleOf(PartnerEvidence? evidence) => evidence?.People switch
    {
        Person[] people => people,
        List<Person> list => CollectionsMarshal.AsSpan(list),
        _ => default,
    };

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

    private static void Span<T>(Span<T> items)
        where T : struct
    {
        ref var first = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(items));
        var bytes = items.Length * Unsafe.SizeOf<T>();
        for (var offset = 0; offset < bytes; offset += CacheLine)
        {
            Line(ref Unsafe.Add(ref first, offset));
        }
    }

    private static void References(ReadOnlySpan<Person> people)
    {
        ref var first = ref Unsafe.As<Person, byte>(ref MemoryMarshal.GetReference(people));
        var bytes = people.Length * IntPtr.Size;
        for (var offset = 0; offset < bytes; offset += CacheLine)
        {
            Line(ref Unsafe.Add(ref first, offset));
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
