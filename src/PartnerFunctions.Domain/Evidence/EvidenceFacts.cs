using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evidence;

/// <summary>
/// A partner's evidence laid out for the evaluator: the fields the rules read, as small structs in a few arrays built
/// one after another when the evidence is created (so they sit next to each other in memory), with competency ids and
/// currencies replaced by positions in the partner's own short lists of distinct ids. It is a representation, not a
/// decision: nothing here depends on a program definition or a date, so one set of facts serves every definition
/// and day a partner is evaluated for (the nightly run, what-if's two definitions, receipts).
/// </summary>
/// <remarks>
/// The evidence objects are scattered among the strings loaded with them (ids, names), so reading them partner after
/// partner waits on memory at each object; the facts of a typical partner are under 1 KB of contiguous memory.
/// </remarks>
internal sealed class EvidenceFacts
{
    /// <summary>The distinct competency ids the evidence names, in the order first seen (catalog or not).</summary>
    public readonly string[] CompetencyIds;

    /// <summary>The distinct currencies of the revenue lines.</summary>
    public readonly string[] Currencies;

    /// <summary>People with at least one accreditation, each with the range of its accreditations.</summary>
    public readonly PersonFact[] People;

    public readonly AccreditationFact[] Accreditations;

    public readonly RevenueFact[] Revenue;

    public readonly ReferenceFact[] References;

    /// <summary>The revenue lines themselves, for the decimal path (an amount with more than four decimals, or huge).</summary>
    public readonly RevenueLine[] RevenueLines;

    private EvidenceFacts(
        string[] competencyIds,
        string[] currencies,
        PersonFact[] people,
        AccreditationFact[] accreditations,
        RevenueFact[] revenue,
        ReferenceFact[] references,
        RevenueLine[] revenueLines)
    {
        CompetencyIds = competencyIds;
        Currencies = currencies;
        People = people;
        Accreditations = accreditations;
        Revenue = revenue;
        References = references;
        RevenueLines = revenueLines;
    }

    /// <summary>Builds the facts of evidence whose lists are already copied (nothing can change them afterwards).</summary>
    public static EvidenceFacts Build(Person[] people, RevenueLine[] revenue, CustomerReference[] references)
    {
        var withAccreditations = 0;
        var accreditationCount = 0;
        foreach (var person in people)
        {
            // A person given to another partner by a resolved duplicate holds nothing here.
            var held = person.Counts ? person.Accreditations.Count : 0;
            withAccreditations += held > 0 ? 1 : 0;
            accreditationCount += held;
        }

        // The arrays back to back, filled in one pass that also collects the distinct ids (a partner names a few).
        var personFacts = new PersonFact[withAccreditations];
        var accreditationFacts = new AccreditationFact[accreditationCount];
        var revenueFacts = new RevenueFact[revenue.Length];
        var referenceFacts = new ReferenceFact[references.Length];
        var ids = new DistinctStrings(4);
        var currencies = new DistinctStrings(1);
        var p = 0;
        var a = 0;
        foreach (var person in people)
        {
            var held = person.Accreditations;
            if (held.Count == 0 || !person.Counts)
            {
                continue;
            }

            personFacts[p++] = new PersonFact(
                person.EmployedFrom.DayNumber,
                person.EmployedTo is { } to ? to.DayNumber : int.MaxValue,
                a,
                held.Count);
            for (var i = 0; i < held.Count; i++)
            {
                var accreditation = held[i];
                accreditationFacts[a++] = new AccreditationFact(
                    ids.PositionOf(accreditation.CompetencyId),
                    accreditation.CompletedOn.DayNumber,
                    accreditation.ExpiresOn is { } expires ? expires.DayNumber : AccreditationFact.DefaultValidity);
            }
        }

        for (var i = 0; i < revenue.Length; i++)
        {
            ref readonly var line = ref revenue[i];
            var scaled = RevenueFact.TryScale(line.Amount, out var units, out var scale);
            revenueFacts[i] = new RevenueFact(ids.PositionOf(line.CompetencyId), line.Period.DayNumber, currencies.PositionOf(line.Currency), units, scale, scaled);
        }

        for (var i = 0; i < references.Length; i++)
        {
            ref readonly var reference = ref references[i];
            referenceFacts[i] = new ReferenceFact(ids.PositionOf(reference.CompetencyId), reference.CustomerMarket, reference.State, reference.Satisfaction);
        }

        return new EvidenceFacts(ids.ToArray(), currencies.ToArray(), personFacts, accreditationFacts, revenueFacts, referenceFacts, revenue);
    }

    /// <summary>The position of <paramref name="value"/> in <paramref name="items"/> (ordinal), or -1.</summary>
    public static int PositionOf(ReadOnlySpan<string> items, string value)
    {
        for (var i = 0; i < items.Length; i++)
        {
            // Evidence usually repeats the same few string instances: the reference check settles most.
            if (ReferenceEquals(items[i], value) || string.Equals(items[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A copy of <paramref name="items"/> (evidence keeps its own, so no caller can change it afterwards).</summary>
    public static T[] Snapshot<T>(IReadOnlyList<T> items, string name)
    {
        ArgumentNullException.ThrowIfNull(items, name);
        if (items.Count == 0)
        {
            return [];
        }

        var copy = new T[items.Count];
        switch (items)
        {
            case T[] array:
                array.CopyTo(copy, 0);
                break;
            case List<T> list:
                list.CopyTo(copy);
                break;
            default:
                for (var i = 0; i < copy.Length; i++)
                {
                    copy[i] = items[i];
                }

                break;
        }

        return copy;
    }

    // Distinct strings in the order first seen.
    private struct DistinctStrings(int capacity)
    {
        private string[] _items = new string[capacity];
        private int _count;

        public int PositionOf(string value)
        {
            var found = EvidenceFacts.PositionOf(_items.AsSpan(0, _count), value);
            if (found >= 0)
            {
                return found;
            }

            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
            }

            _items[_count] = value;
            return _count++;
        }

        public readonly string[] ToArray() => _items.AsSpan(0, _count).ToArray();
    }
}

/// <summary>A person with accreditations: employment days and where their accreditations are.</summary>
/// <param name="EmployedTo">Last day employed (<see cref="int.MaxValue"/> while still employed).</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct PersonFact(int EmployedFrom, int EmployedTo, int FirstAccreditation, int AccreditationCount)
{
    public bool IsEmployedOn(int day) => EmployedFrom <= day && day <= EmployedTo;
}

/// <summary>An accreditation: competency (position in the partner's ids) and its days.</summary>
/// <param name="ExpiresOn">Last valid day, or <see cref="DefaultValidity"/>: the program's validity from completion.</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct AccreditationFact(int Competency, int CompletedOn, int ExpiresOn)
{
    /// <summary>Day numbers are never negative.</summary>
    public const int DefaultValidity = -1;
}

/// <summary>
/// A revenue line: competency and currency (positions in the partner's lists), the first day of its month, and its
/// amount in whole ten-thousandths with the decimal scale it was given (when <see cref="Scaled"/>).
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct RevenueFact(int Competency, int Period, int Currency, long Units, byte Scale, bool Scaled)
{
    /// <summary>Ten-thousandths per currency unit.</summary>
    public const long UnitsPerWhole = 10_000;

    /// <summary>|amount| below 2^52 ten-thousandths (~450 billion): 2^10 such lines keep every sum below 2^62.</summary>
    public const ulong MaxUnits = 1UL << 52;

    /// <summary>
    /// The amount in ten-thousandths and its scale; false when it has more than four decimals or is at or above
    /// <see cref="MaxUnits"/> ten-thousandths in magnitude (checked before multiplying, which could wrap around).
    /// </summary>
    public static bool TryScale(decimal amount, out long units, out byte scale)
    {
        ReadOnlySpan<ulong> powersOfTen = [10_000, 1_000, 100, 10, 1];
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        scale = (byte)(bits[3] >> 16);
        var negative = bits[3] < 0;
        var magnitude = bits[2] == 0 ? ((ulong)(uint)bits[1] << 32) | (uint)bits[0] : ulong.MaxValue;
        units = 0;
        if (scale > 4 || magnitude > (MaxUnits - 1) / powersOfTen[scale])
        {
            return false;
        }

        var value = (long)(magnitude * powersOfTen[scale]);
        units = negative ? -value : value;
        return true;
    }
}

/// <summary>A customer reference: competency (position in the partner's ids), customer market, state, satisfaction.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ReferenceFact(int Competency, Market CustomerMarket, ReferenceState State, decimal? Satisfaction);

/// <summary>Spans over the facts without bounds checks where the builder guarantees the ranges.</summary>
internal static class FactSpans
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<AccreditationFact> AccreditationsOf(EvidenceFacts facts, in PersonFact person) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(facts.Accreditations), person.FirstAccreditation), person.AccreditationCount);
}
