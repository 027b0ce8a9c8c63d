using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PartnerFunctions.Domain.Evidence;

/// <summary>
/// Refuses a list of evidence that names one id twice (a person counted twice would count twice toward a level).
/// </summary>
/// <remarks>
/// Creating evidence is on the evaluator's measured path, so the usual partner's few dozen ids are checked in a small
/// open-addressing table on the stack, hashed on the id's length and last four characters (evidence ids share a partner
/// prefix and differ at the end); equal hashes are settled by an ordinal comparison. Longer lists use a hash set.
/// </remarks>
internal static class EvidenceIds
{
    private const int MaxStackItems = 128;

    public static void ThrowIfRepeated<T, TId>(T[] items, string listName)
        where TId : IIdOf<T>
    {
        if (items.Length < 2)
        {
            return;
        }

        if (items.Length > MaxStackItems)
        {
            ThrowIfRepeatedLarge<T, TId>(items, listName);
            return;
        }

        // Power of two at least twice the count: short probe runs. Slots hold item index + 1 (0 = empty).
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)items.Length * 2);
        Span<int> slots = stackalloc int[size];
        slots.Clear();
        var mask = size - 1;
        for (var i = 0; i < items.Length; i++)
        {
            var id = TId.IdOf(items[i]);
            var slot = Hash(id) & mask;
            while (slots[slot] != 0)
            {
                var other = slots[slot] - 1;
                if (string.Equals(TId.IdOf(items[other]), id, StringComparison.Ordinal))
                {
                    throw Repeated(id, listName, other, i);
                }

                slot = (slot + 1) & mask;
            }

            slots[slot] = i + 1;
        }
    }

    private static void ThrowIfRepeatedLarge<T, TId>(T[] items, string listName)
        where TId : IIdOf<T>
    {
        var seen = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            var id = TId.IdOf(items[i]) ?? string.Empty;
            if (!seen.TryAdd(id, i))
            {
                throw Repeated(id, listName, seen[id], i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(string? id)
    {
        if (id is null)
        {
            return 0;
        }

        // The last four characters read as one 64-bit value (shorter ids: each character), mixed with the length by
        // a Fibonacci multiply: one load, enough to spread the ids of one partner, which differ at the end.
        ulong tail;
        if (id.Length >= 4)
        {
            tail = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(id.AsSpan(id.Length - 4)));
        }
        else
        {
            tail = 0;
            foreach (var c in id)
            {
                tail = (tail << 16) | c;
            }
        }

        return (int)(((tail ^ (ulong)id.Length) * 0x9E3779B97F4A7C15UL) >> 33);
    }

    private static ArgumentException Repeated(string? id, string listName, int first, int second) =>
        new(
            FormattableString.Invariant($"The evidence's {listName} list names the id '{id}' twice (items {first} and {second}): ids must be unique within a partner's {listName}."),
            listName);
}

/// <summary>How <see cref="EvidenceIds"/> reads the id of one kind of evidence item.</summary>
internal interface IIdOf<T>
{
    static abstract string IdOf(T item);
}

internal readonly struct PersonIds : IIdOf<Person>
{
    public static string IdOf(Person item) => item.Id;
}

internal readonly struct RevenueLineIds : IIdOf<RevenueLine>
{
    public static string IdOf(RevenueLine item) => item.Id;
}

internal readonly struct ReferenceIds : IIdOf<CustomerReference>
{
    public static string IdOf(CustomerReference item) => item.Id;
}
