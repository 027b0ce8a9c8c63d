using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// Competency id to catalog index, for the evaluator's hot loop (one lookup per accreditation, revenue line and
/// reference: ~23 per partner). A general-purpose dictionary hashes the whole string; a catalog is small and fixed, so
/// at load time we look for two character positions (one from the start, one from the end) that, with the length,
/// give every id its own slot in a small table. A lookup then reads two characters and confirms with one ordinal
/// comparison. Catalogs where no such pair exists fall back to a frozen dictionary. A slot holds the id with its
/// index, so a lookup reads one slot after the two characters.
/// </summary>
internal sealed class CompetencyIdIndex
{
    private const int MaxTableSize = 1 << 10;

    private readonly string[] _ids;
    private readonly Slot[]? _slots;
    private readonly FrozenDictionary<string, int>? _fallback;
    private readonly int _minLength;
    private readonly int _fromStart;
    private readonly int _fromEnd;
    private readonly uint _mask;

    public CompetencyIdIndex(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count > sbyte.MaxValue)
        {
            throw new ArgumentException($"At most {sbyte.MaxValue} competencies are supported.", nameof(ids));
        }

        _ids = ids.ToArray();
        _minLength = _ids.Length == 0 ? 0 : _ids.Min(id => id.Length);
        for (var size = NextPowerOfTwo(Math.Max(4 * _ids.Length, 16)); size <= MaxTableSize && _slots is null; size *= 2)
        {
            for (var fromStart = 0; fromStart < _minLength && _slots is null; fromStart++)
            {
                for (var fromEnd = 0; fromEnd < _minLength && _slots is null; fromEnd++)
                {
                    _slots = TryBuild((uint)(size - 1), fromStart, fromEnd);
                    if (_slots is not null)
                    {
                        _mask = (uint)(size - 1);
                        _fromStart = fromStart;
                        _fromEnd = fromEnd;
                    }
                }
            }
        }

        if (_slots is null && _ids.Length > 0)
        {
            _fallback = _ids.Select((id, i) => KeyValuePair.Create(id, i)).ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>True when lookups use the character table (false: the dictionary fallback).</summary>
    public bool UsesCharacterTable => _slots is not null;

    /// <summary>The index of <paramref name="id"/>, or -1 when it is not in the catalog (or null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(string? id)
    {
        var slots = _slots;
        if (slots is null || id is null || id.Length < _minLength)
        {
            return IndexOfWithoutTable(id);
        }

        // id.Length >= _minLength > both positions, and the table has mask + 1 slots: every read is in range, so
        // none is bounds-checked (this runs about 25 times per partner evaluated).
        ref var first = ref MemoryMarshal.GetReference(id.AsSpan());
        var hash = ((((uint)id.Length * 31u) + Unsafe.Add(ref first, _fromStart)) * 31u) + Unsafe.Add(ref first, id.Length - 1 - _fromEnd);
        ref readonly var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), (nint)(hash & _mask));

        // Evidence often shares the catalog's string instances: a reference check first, then an ordinal comparison
        // (an empty slot holds no id and never matches).
        var candidate = slot.Id;
        return ReferenceEquals(candidate, id) || (candidate is not null && string.Equals(candidate, id, StringComparison.Ordinal)) ? slot.Index : -1;
    }

    private int IndexOfWithoutTable(string? id) =>
        id is not null && _fallback is not null && _fallback.TryGetValue(id, out var found) ? found : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(string id, int fromStart, int fromEnd) =>
        ((((uint)id.Length * 31u) + id[fromStart]) * 31u) + id[id.Length - 1 - fromEnd];

    private Slot[]? TryBuild(uint mask, int fromStart, int fromEnd)
    {
        var slots = new Slot[mask + 1];
        for (var i = 0; i < _ids.Length; i++)
        {
            ref var slot = ref slots[Hash(_ids[i], fromStart, fromEnd) & mask];
            if (slot.Id is not null)
            {
                return null;
            }

            slot = new Slot(_ids[i], i);
        }

        return slots;
    }

    private readonly record struct Slot(string? Id, int Index);

    private static int NextPowerOfTwo(int value)
    {
        var power = 1;
        while (power < value)
        {
            power *= 2;
        }

        return power;
    }
}
