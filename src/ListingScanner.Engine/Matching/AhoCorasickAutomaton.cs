using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ListingScanner.Engine.Matching;

/// <summary>
/// A compiled multi-pattern matcher: finds every dictionary term in a normalised text in one left-to-right pass,
/// whatever the number of terms. Design and trade-offs: Matching/README.md.
/// </summary>
/// <remarks>
/// <para><b>Patterns.</b> Any non-empty UTF-16 strings, already normalised by the caller; matching is exact and
/// ordinal over code units (a surrogate pair is two code units). Pattern id = index in the list.</para>
/// <para><b>Match semantics.</b> <see cref="FindAll"/> reports every occurrence (<see cref="MatchKind.All"/>);
/// <see cref="FindLeftmostLongest"/> reports non-overlapping occurrences (<see cref="MatchKind.LeftmostLongest"/>).</para>
/// <para><b>Resource usage.</b> Build time and memory are linear in the total pattern length for dictionary-like
/// pattern sets; <see cref="MemoryBytes"/> reports the size of the tables. A search allocates nothing except
/// when <c>output</c> has to grow; it costs a handful of loads per code unit of text.</para>
/// <para><b>Thread safety.</b> Immutable after <see cref="Build"/>; any number of threads may search at once.</para>
/// <para><b>Construction failure.</b> <see cref="ArgumentException"/> naming the index of a null, empty or duplicate
/// pattern: callers deduplicate.</para>
/// </remarks>
/// <example>
/// <code>
/// var automaton = AhoCorasickAutomaton.Build(["象牙", "象牙塔", "ivory"]);
/// var matches = new List&lt;PatternMatch&gt;();
/// automaton.FindLeftmostLongest("出售象牙塔 ivory", matches); // (1, 2, 3), (2, 7, 5)
/// </code>
/// </example>
public sealed class AhoCorasickAutomaton
{
    /// <summary>The root's state value: base 0, never a match.</summary>
    private const int RootState = 0;

    /// <summary>Set in the value of a state where at least one pattern ends; it makes the value negative.</summary>
    internal const int MatchFlag = int.MinValue;

    /// <summary>Set in the value of a state whose row holds only its own children: a miss continues from its failure state.</summary>
    internal const int FallbackFlag = 1 << 30;

    /// <summary>Clears both flags of a state value, leaving its base index.</summary>
    internal const int BaseMask = FallbackFlag - 1;

    // A state is handled as its "value": the index where its row starts in _slots (its base), plus two flag bits.
    // See README.md, "Memory layout".
    private readonly ushort[] _classOfChar;   // 65,536 entries: class of each code unit, 0 = in no pattern
    private readonly uint _startClassCount;   // classes 1..this can start a pattern; the others keep the root at root
    private readonly int[] _rootRow;          // by class: value of the root's next state (dense)
    private readonly TransitionSlot[] _slots; // every other state's transitions that differ from the root's
    private readonly StateInfo[] _states;     // by state ordinal (from the header cell of the state's row)
    private readonly int[] _outputs;          // pattern ids, per state a range described by StateInfo
    private readonly int[] _patternLengths;   // by pattern id

    internal AhoCorasickAutomaton(
        ushort[] classOfChar,
        int startClassCount,
        int[] rootRow,
        TransitionSlot[] slots,
        StateInfo[] states,
        int[] outputs,
        int[] patternLengths)
    {
        // The search reads these arrays without bounds checks; these are the facts that make that safe.
        Debug.Assert(classOfChar.Length == char.MaxValue + 1);
        Debug.Assert(rootRow.Length >= 1 && startClassCount < rootRow.Length);
        Debug.Assert(slots.Length >= rootRow.Length);
        _classOfChar = classOfChar;
        _startClassCount = (uint)startClassCount;
        _rootRow = rootRow;
        _slots = slots;
        _states = states;
        _outputs = outputs;
        _patternLengths = patternLengths;
    }

    /// <summary>Compiles the patterns; pattern id = index in <paramref name="patterns"/>.</summary>
    /// <exception cref="ArgumentException">A pattern is null, empty or equal to an earlier one; the message names its index.</exception>
    public static AhoCorasickAutomaton Build(IReadOnlyList<string> patterns) => AutomatonBuilder.Build(patterns);

    /// <summary>Number of patterns the automaton was built from.</summary>
    public int PatternCount => _patternLengths.Length;

    /// <summary>Number of automaton states (trie nodes, the root included).</summary>
    internal int StateCount => _states.Length;

    /// <summary>Number of character classes, class 0 (characters in no pattern) included.</summary>
    internal int ClassCount => _rootRow.Length;

    /// <summary>Size in bytes of the compiled tables (array payloads; object headers ignored).</summary>
    public long MemoryBytes =>
        (long)_classOfChar.Length * sizeof(ushort)
        + (long)_rootRow.Length * sizeof(int)
        + (long)_slots.Length * Unsafe.SizeOf<TransitionSlot>()
        + (long)_states.Length * Unsafe.SizeOf<StateInfo>()
        + (long)_outputs.Length * sizeof(int)
        + (long)_patternLengths.Length * sizeof(int);

    /// <summary>Appends the occurrences <paramref name="kind"/> asks for to <paramref name="output"/>.</summary>
    public void Find(ReadOnlySpan<char> text, MatchKind kind, List<PatternMatch> output)
    {
        switch (kind)
        {
            case MatchKind.All:
                FindAll(text, output);
                break;
            case MatchKind.LeftmostLongest:
                FindLeftmostLongest(text, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown match kind.");
        }
    }

    /// <summary>
    /// Appends every occurrence of every pattern, overlapping ones included, ordered by end then by start.
    /// </summary>
    public void FindAll(ReadOnlySpan<char> text, List<PatternMatch> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ref char textStart = ref MemoryMarshal.GetReference(text);
        int length = text.Length;
        int state = RootState;
        int position = 0;
        while (position < length)
        {
            if (state == RootState)
            {
                position = SkipCharactersThatCannotStartAMatch(ref textStart, position, length);
                if (position == length)
                {
                    break;
                }
            }

            state = NextState(state, Unsafe.Add(ref textStart, position));
            if (state < 0)
            {
                AppendAllMatchesEndingAt(state, position, output);
            }

            position++;
        }
    }

    /// <summary>
    /// Appends non-overlapping occurrences, left to right: the leftmost start wins, then the longest at that start;
    /// the scan resumes at the end of the chosen occurrence.
    /// </summary>
    /// <remarks>
    /// The DFA reports matches by end position, so the best occurrence so far is held as a candidate until no
    /// later match can start at or before it: that is when the current state's prefix (its depth) no longer reaches
    /// back to the candidate's start. The candidate is then appended and the scan restarts from the root at its
    /// end, so matches that began inside it are forgotten. Restarting re-reads at most the longest pattern's length
    /// per reported match; matches are rare in listings, so the cost is negligible.
    /// </remarks>
    public void FindLeftmostLongest(ReadOnlySpan<char> text, List<PatternMatch> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ref char textStart = ref MemoryMarshal.GetReference(text);
        int length = text.Length;
        int state = RootState;
        int position = 0;
        bool hasCandidate = false;
        PatternMatch candidate = default;
        while (true)
        {
            if (!hasCandidate && state == RootState)
            {
                position = SkipCharactersThatCannotStartAMatch(ref textStart, position, length);
            }

            if (position == length)
            {
                if (!hasCandidate)
                {
                    return;
                }

                // Nothing later can start earlier: report it and look again after it.
                output.Add(candidate);
                position = candidate.End;
                state = RootState;
                hasCandidate = false;
                continue;
            }

            state = NextState(state, Unsafe.Add(ref textStart, position));
            if (hasCandidate && position - StateAt(state).Depth + 1 > candidate.Start)
            {
                output.Add(candidate);
                position = candidate.End;
                state = RootState;
                hasCandidate = false;
                continue;
            }

            if (state < 0)
            {
                // The first output of a state is its longest pattern, so it has the leftmost start of those ending here.
                StateInfo info = StateAt(state);
                int patternId = _outputs[info.OutputStart];
                int patternLength = _patternLengths[patternId];
                int start = position - patternLength + 1;
                if (!hasCandidate
                    || start < candidate.Start
                    || (start == candidate.Start && patternLength > candidate.Length))
                {
                    candidate = new PatternMatch(patternId, start, patternLength);
                    hasCandidate = true;
                }
            }

            position++;
        }
    }

    /// <summary>
    /// One DFA step. Branch-free in the common case: a conditional move between the state's cell and the root row.
    /// Only a fallback state that misses takes the loop in <see cref="NextStateAfterFallback"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextState(int state, char c)
    {
        int characterClass = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_classOfChar), (nint)c);
        ref TransitionSlot slot = ref Unsafe.Add(
            ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(uint)((state & BaseMask) + characterClass));
        int rootTarget = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rootRow), (nint)(uint)characterClass);
        bool owned = slot.Owner == state;
        int next = owned ? slot.Target : rootTarget;
        if ((state & FallbackFlag) != 0 && !owned)
        {
            next = NextStateAfterFallback(state, characterClass);
        }

        return next;
    }

    /// <summary>The classic Aho-Corasick failure loop, for states whose rows do not hold their inherited transitions.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int NextStateAfterFallback(int state, int characterClass)
    {
        while (true)
        {
            state = StateAt(state).FailState;
            ref TransitionSlot slot = ref _slots[(state & BaseMask) + characterClass];
            if (slot.Owner == state)
            {
                return slot.Target;
            }

            if ((state & FallbackFlag) == 0)
            {
                return _rootRow[characterClass];
            }
        }
    }

    /// <summary>
    /// While the automaton is at the root, characters whose class cannot start a pattern leave it there; skipping
    /// them costs one table load each instead of a full transition. Returns the first position that can start a
    /// match, or <paramref name="length"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SkipCharactersThatCannotStartAMatch(ref char textStart, int position, int length)
    {
        ref ushort classOfChar = ref MemoryMarshal.GetArrayDataReference(_classOfChar);
        uint startClassCount = _startClassCount;
        while (position < length
            && (uint)(Unsafe.Add(ref classOfChar, (nint)Unsafe.Add(ref textStart, position)) - 1) >= startClassCount)
        {
            position++;
        }

        return position;
    }

    /// <summary>Reads the state's ordinal from the header cell of its row.</summary>
    private StateInfo StateAt(int state) => _states[_slots[state & BaseMask].Target];

    private void AppendAllMatchesEndingAt(int state, int position, List<PatternMatch> output)
    {
        StateInfo info = StateAt(state);
        for (int k = info.OutputStart; k < info.OutputStart + info.OutputCount; k++)
        {
            int patternId = _outputs[k];
            int patternLength = _patternLengths[patternId];
            output.Add(new PatternMatch(patternId, position - patternLength + 1, patternLength));
        }
    }
}
