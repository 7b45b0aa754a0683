using System.Buffers;
using System.Runtime.CompilerServices;
using RasaPlatform.Core.Listing.Filters;

namespace RasaPlatform.Core.Listing;

#pragma warning disable CA1001 // See the main declaration: nothing may dispose an index.
public sealed partial class ListingIndex
#pragma warning restore CA1001
{
    /// <summary>Keeps the slots in <paramref name="words"/> that meet <paramref name="condition"/>: the index's evaluation of every filter declared by a condition.</summary>
    private void Keep(Span<ulong> words, ListingCondition condition)
    {
        switch (condition)
        {
            case ListingCondition.MarksIn marks:
                SlotTest.Keep(words, new MarksAllowed(_marks, (ushort)marks.Mask, AllowedTable(marks)));
                break;
            case ListingCondition.AtLeast atLeast:
                KeepAtLeast(words, atLeast);
                break;
            case ListingCondition.All all:
                foreach (var part in all.Conditions)
                {
                    Keep(words, part);
                }

                break;
            case ListingCondition.Negated negated:
            {
                var rented = ArrayPool<ulong>.Shared.Rent(Math.Max(words.Length, 1));
                var failing = rented.AsSpan(0, words.Length);
                words.CopyTo(failing);
                Keep(failing, negated.Condition);
                for (var i = 0; i < words.Length; i++)
                {
                    words[i] &= ~failing[i];
                }

                ArrayPool<ulong>.Shared.Return(rented);
                break;
            }

            case ListingCondition.SlotsMatch match:
            {
                // Narrowed first to the conversations that set any of the slots at all (a bit set per slot name).
                var rented = ArrayPool<ulong>.Shared.Rent(Math.Max(words.Length, 1));
                var named = rented.AsSpan(0, words.Length);
                named.Clear();
                foreach (var name in match.Items.Select(i => i.Name).Distinct(StringComparer.Ordinal))
                {
                    if (_names.TryGetValue((NameCategory.SlotName, name), out var bits))
                    {
                        Or(named, bits.Words);
                    }
                }

                And(words, named, negate: false);
                ArrayPool<ulong>.Shared.Return(rented);
                SlotTest.Keep(words, new SlotValuesMatch(
                    _slotMatches,
                    [.. match.Items.Select(i => SlotMatches.Prefix(i.Name))],
                    [.. match.Items.Select(i => System.Text.Encoding.UTF8.GetBytes(i.Value))]));
                break;
            }

            case ListingCondition.NamesAny names:
            {
                var rented = ArrayPool<ulong>.Shared.Rent(Math.Max(words.Length, 1));
                var any = rented.AsSpan(0, words.Length);
                any.Clear();
                foreach (var name in names.Names)
                {
                    if (_names.TryGetValue((names.Category, name), out var bits))
                    {
                        Or(any, bits.Words);
                    }
                }

                And(words, any, negate: false);
                ArrayPool<ulong>.Shared.Return(rented);
                break;
            }

            default:
                throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition));
        }
    }

    private void KeepAtLeast(Span<ulong> words, ListingCondition.AtLeast atLeast)
    {
        switch (atLeast.Column)
        {
            case ListingColumn.LastActivity:
                SlotTest.Keep(words, new ActiveSince(_latestUser, _latest, atLeast.Bound));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(atLeast), atLeast.Column, null);
        }
    }

    /// <summary>Which values of the masked marks are allowed, by value: a small table, as masks hold few bits.</summary>
    private static bool[] AllowedTable(ListingCondition.MarksIn marks)
    {
        var table = new bool[(int)marks.Mask + 1];
        foreach (var allowed in marks.Allowed)
        {
            table[(int)(allowed & marks.Mask)] = true;
        }

        return table;
    }

    /// <summary>Some slot value of the slot's conversation meets one of the items: its prefix and a fragment after it.</summary>
    private readonly struct SlotValuesMatch(SlotTexts texts, byte[][] prefixes, byte[][] fragments) : ISlotTest
    {
        public bool Passes(int slot)
        {
            var text = texts.Get(slot);
            for (var i = 0; i < prefixes.Length; i++)
            {
                if (SlotMatches.Holds(text, prefixes[i], fragments[i]))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The slot's marks, masked, are an allowed value.</summary>
    private readonly struct MarksAllowed(ushort[] column, ushort mask, bool[] allowed) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot) => allowed[column[slot] & mask];
    }

    /// <summary>The value lies in [low, high]; NaN (null) never does.</summary>
    private readonly struct InRange(double[] column, double low, double high) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot)
        {
            var value = column[slot];
            return (value >= low) & (value <= high);
        }
    }

    /// <summary>
    /// The conversation was last active at or after <paramref name="since"/>: its latest user message's time, or without
    /// one its latest event's (<see cref="ListingColumn.LastActivity"/>), read from those two columns rather than kept
    /// as a third (8 MB at a million conversations).
    /// </summary>
    private readonly struct ActiveSince(double[] latestUser, double[] latest, double since) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot)
        {
            var user = latestUser[slot];
            return (double.IsNaN(user) ? latest[slot] : user) >= since;
        }
    }

    private readonly struct AtLeast(int[] column, int minimum) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot) => column[slot] >= minimum;
    }

    /// <summary>The slot's interned id (-1 for none) is admitted at index id + 1.</summary>
    private readonly struct Admitted(int[] column, bool[] admitted) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot) => admitted[column[slot] + 1];
    }
}
