using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ListingScanner.Engine.Matching;

/// <summary>
/// Compiles a pattern list into the tables of an <see cref="AhoCorasickAutomaton"/>. Single use, not thread-safe.
/// </summary>
/// <remarks>
/// Five steps, each a method below: number the characters (alphabet compression), build the trie, compute failure
/// links and each state's transitions that differ from the root's (breadth first), pack those rows into one table
/// (row displacement), and write the final arrays. README.md explains why the table looks the way it does.
/// </remarks>
internal sealed class AutomatonBuilder
{
    private const int Root = 0;

    /// <summary>
    /// A state copies its failure state's transitions into its own row only if that adds at most this many cells.
    /// Otherwise it becomes a fallback state: its row holds its own children and a miss continues from its failure
    /// state. Large alphabets (CJK) almost never reach the limit; dense small ones (Latin) would otherwise pay one
    /// cell per letter per state, a full DFA row (120 MB instead of 20 MB for 100,000 terms).
    /// </summary>
    internal const int DefaultMaxInheritedTransitions = 4;

    private readonly IReadOnlyList<string> _patterns;
    private readonly int _maxInheritedTransitions;

    // Alphabet compression: class of every UTF-16 code unit; 0 for code units that occur in no pattern.
    private readonly ushort[] _classOfChar = new ushort[char.MaxValue + 1];
    private int _classCount;      // classes are 1.._classCount

    // The trie, one entry per state ("ordinal"); the root is ordinal 0.
    // Numbered breadth first (level by level), so a state's children are a contiguous range of ordinals and
    // every pass over the states below reads these arrays sequentially.
    // Sized for the worst case (no shared prefixes); _stateCount says how much is used.
    private int _stateCount;
    private int[] _depth = [];
    private int[] _ownPattern = [];   // pattern ending exactly here, or -1
    private int[] _firstChild = [];   // children are _firstChild .. _firstChild + _childCount - 1
    private int[] _childCount = [];
    private int[] _label = [];        // class of the edge from the parent

    // Filled breadth first.
    private int[] _fail = [];
    private int[] _rootChild = []; // by class: the root's child, or Root

    // Per state, the transitions whose target differs from the root's target for the same class ("delta row"),
    // sorted by class, as a range of the two parallel lists below.
    private int[] _deltaStart = [];
    private int[] _deltaCount = [];
    private bool[] _isFallback = [];
    private readonly List<int> _deltaClass = [];
    private readonly List<int> _deltaTarget = [];

    // Per state, the patterns ending in it (its own first, then those of its failure state), as a range of _outputs.
    private int[] _outputStart = [];
    private int[] _outputCount = [];
    private readonly List<int> _outputs = [];

    private int[] _base = [];

    private AutomatonBuilder(IReadOnlyList<string> patterns, int maxInheritedTransitions)
    {
        _patterns = patterns;
        _maxInheritedTransitions = maxInheritedTransitions;
    }

    /// <param name="patterns">The patterns; id = index.</param>
    /// <param name="maxInheritedTransitions">
    /// See <see cref="DefaultMaxInheritedTransitions"/>; tests pass 0 (every state that would inherit a transition
    /// falls back) and int.MaxValue (a complete delta DFA) to exercise both layouts on the same inputs.
    /// </param>
    public static AhoCorasickAutomaton Build(
        IReadOnlyList<string> patterns, int maxInheritedTransitions = DefaultMaxInheritedTransitions)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var builder = new AutomatonBuilder(patterns, maxInheritedTransitions);
        builder.NumberCharacters();
        builder.BuildTrie();
        builder.ComputeFailureLinksAndDeltaRows();
        builder.PackRows();
        return builder.WriteTables();
    }

    /// <summary>Gives every code unit used by a pattern a dense class id, in order of first appearance.</summary>
    private void NumberCharacters()
    {
        for (int id = 0; id < _patterns.Count; id++)
        {
            string? pattern = _patterns[id];
            if (string.IsNullOrEmpty(pattern))
            {
                throw new ArgumentException($"Pattern at index {id} is null or empty.");
            }

            foreach (char c in pattern)
            {
                AssignClass(c);
            }
        }
    }

    private void AssignClass(char c)
    {
        if (_classOfChar[c] != 0)
        {
            return;
        }

        // Class 0 is reserved, so at most 65,535 distinct code units fit in a ushort class; only a pattern set
        // containing every UTF-16 code unit could exceed that.
        if (_classCount == ushort.MaxValue)
        {
            throw new ArgumentException("Patterns use more than 65,535 distinct UTF-16 code units.");
        }

        _classOfChar[c] = (ushort)++_classCount;
    }

    /// <summary>
    /// Builds the trie one level at a time from the sorted patterns. In sorted order, the patterns that share a
    /// prefix of length d are adjacent, so at level d a pattern needs a new state exactly when it shares fewer than
    /// d characters with the previous pattern. No child lookup (no hash table) is needed, states come out numbered
    /// breadth first, and each state's children come out contiguous. Equal patterns end up adjacent, lowest index
    /// first, which is where duplicates are caught.
    /// </summary>
    private void BuildTrie()
    {
        int patternCount = _patterns.Count;
        long totalLength = 0;
        foreach (string pattern in _patterns)
        {
            totalLength += pattern.Length;
        }

        int capacity = checked((int)(totalLength + 1));
        _depth = new int[capacity];
        _ownPattern = new int[capacity];
        _firstChild = new int[capacity];
        _childCount = new int[capacity];
        _label = new int[capacity];
        AddState(depth: 0, label: 0);

        int[] sortedIds = new int[patternCount];
        for (int id = 0; id < patternCount; id++)
        {
            sortedIds[id] = id;
        }

        Array.Sort(sortedIds, (a, b) =>
        {
            int byText = string.CompareOrdinal(_patterns[a], _patterns[b]);
            return byText != 0 ? byText : a.CompareTo(b);
        });

        // Indexed by position in sorted order.
        var sharedWithPrevious = new int[patternCount];
        for (int i = 1; i < patternCount; i++)
        {
            string previous = _patterns[sortedIds[i - 1]];
            string pattern = _patterns[sortedIds[i]];
            sharedWithPrevious[i] = previous.AsSpan().CommonPrefixLength(pattern);
            if (sharedWithPrevious[i] == pattern.Length && pattern.Length == previous.Length)
            {
                throw new ArgumentException(
                    $"Pattern at index {sortedIds[i]} duplicates the pattern at index {sortedIds[i - 1]}.");
            }
        }

        var stateOf = new int[patternCount]; // state reached by each pattern's prefix so far; all start at the root
        var longEnough = new int[patternCount]; // positions of the patterns at least as long as the current level
        for (int i = 0; i < patternCount; i++)
        {
            longEnough[i] = i;
        }

        int longEnoughCount = patternCount;
        for (int level = 1; longEnoughCount > 0; level++)
        {
            int stillLonger = 0;
            for (int k = 0; k < longEnoughCount; k++)
            {
                int i = longEnough[k];
                string pattern = _patterns[sortedIds[i]];
                if (i > 0 && sharedWithPrevious[i] >= level)
                {
                    stateOf[i] = stateOf[i - 1]; // same prefix as the previous pattern, which was just handled
                }
                else
                {
                    int parent = stateOf[i];
                    int child = AddState(level, _classOfChar[pattern[level - 1]]);
                    if (_childCount[parent]++ == 0)
                    {
                        _firstChild[parent] = child;
                    }

                    stateOf[i] = child;
                }

                if (pattern.Length == level)
                {
                    _ownPattern[stateOf[i]] = sortedIds[i];
                }
                else
                {
                    longEnough[stillLonger++] = i;
                }
            }

            longEnoughCount = stillLonger;
        }
    }

    private int AddState(int depth, int label)
    {
        int state = _stateCount++;
        _depth[state] = depth;
        _ownPattern[state] = -1;
        _label[state] = label;
        return state;
    }

    /// <summary>
    /// Breadth first, so a state's failure state (always shallower) is finished before the state itself.
    /// A state's delta row is its own children plus its failure state's delta row for the classes it has no child
    /// for; every class not in the row leads where the root leads. That is the full DFA, stored as a difference.
    /// </summary>
    private void ComputeFailureLinksAndDeltaRows()
    {
        int stateCount = _stateCount;
        _fail = new int[stateCount];
        _deltaStart = new int[stateCount];
        _deltaCount = new int[stateCount];
        _isFallback = new bool[stateCount];
        _deltaClass.Capacity = _deltaTarget.Capacity = 4 * stateCount; // benchmark dictionaries need about 3
        _outputStart = new int[stateCount];
        _outputCount = new int[stateCount];
        _rootChild = new int[_classCount + 1];
        for (int child = _firstChild[Root]; child < _firstChild[Root] + _childCount[Root]; child++)
        {
            _rootChild[_label[child]] = child;
        }

        // A state has at most one child per class; reused for every state.
        var childLabelBuffer = new int[_classCount + 1];
        var childStateBuffer = new int[_classCount + 1];
        for (int state = 0; state < stateCount; state++)
        {
            // Children are in character order; delta rows need class order.
            int childCount = _childCount[state];
            for (int k = 0; k < childCount; k++)
            {
                childLabelBuffer[k] = _label[_firstChild[state] + k];
                childStateBuffer[k] = _firstChild[state] + k;
            }

            if (childCount > 1)
            {
                Array.Sort(childLabelBuffer, childStateBuffer, 0, childCount);
            }

            var childLabels = childLabelBuffer.AsSpan(0, childCount);
            var childStates = childStateBuffer.AsSpan(0, childCount);

            // The root's row is the dense root row itself, so its delta row stays empty.
            if (state != Root)
            {
                MergeDeltaRow(state, childLabels, childStates);
            }

            CollectOutputs(state);

            for (int k = 0; k < childCount; k++)
            {
                int label = childLabels[k];
                int child = childStates[k];
                _fail[child] = state == Root ? Root : Transition(_fail[state], label);
            }
        }
    }

    /// <summary>
    /// Delta row of <paramref name="state"/> = its children, then the failure state's row where no child overrides;
    /// or, for a fallback state, its children alone.
    /// </summary>
    private void MergeDeltaRow(int state, ReadOnlySpan<int> childLabels, ReadOnlySpan<int> childStates)
    {
        int failState = _fail[state];
        int inheritedStart = _deltaStart[failState];
        int inheritedEnd = inheritedStart + _deltaCount[failState];
        _deltaStart[state] = _deltaClass.Count;

        // A fallback failure state's row is incomplete, so it cannot be copied: the state falls back too.
        _isFallback[state] = _isFallback[failState]
            || CountInheritedTransitions(childLabels, inheritedStart, inheritedEnd) > _maxInheritedTransitions;
        if (_isFallback[state])
        {
            inheritedEnd = inheritedStart;
        }

        int own = 0;
        int inherited = inheritedStart;
        while (own < childLabels.Length || inherited < inheritedEnd)
        {
            int ownLabel = own < childLabels.Length ? childLabels[own] : int.MaxValue;
            int inheritedLabel = inherited < inheritedEnd ? _deltaClass[inherited] : int.MaxValue;
            if (ownLabel <= inheritedLabel)
            {
                _deltaClass.Add(ownLabel);
                _deltaTarget.Add(childStates[own]);
                own++;
                if (ownLabel == inheritedLabel)
                {
                    inherited++; // the state's own child wins over the inherited transition
                }
            }
            else
            {
                _deltaClass.Add(inheritedLabel);
                _deltaTarget.Add(_deltaTarget[inherited]);
                inherited++;
            }
        }

        _deltaCount[state] = _deltaClass.Count - _deltaStart[state];
    }

    /// <summary>Cells of the failure state's row whose class the state has no child for.</summary>
    private int CountInheritedTransitions(ReadOnlySpan<int> childLabels, int inheritedStart, int inheritedEnd)
    {
        int count = 0;
        int own = 0;
        for (int inherited = inheritedStart; inherited < inheritedEnd; inherited++)
        {
            int label = _deltaClass[inherited];
            while (own < childLabels.Length && childLabels[own] < label)
            {
                own++;
            }

            if (own == childLabels.Length || childLabels[own] != label)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>DFA transition of an already finished state: its delta row, else its fallback, else the root's transition.</summary>
    private int Transition(int state, int label)
    {
        while (true)
        {
            var classes = CollectionsMarshal.AsSpan(_deltaClass).Slice(_deltaStart[state], _deltaCount[state]);
            int index = classes.BinarySearch(label);
            if (index >= 0)
            {
                return _deltaTarget[_deltaStart[state] + index];
            }

            if (!_isFallback[state])
            {
                return _rootChild[label];
            }

            state = _fail[state];
        }
    }

    /// <summary>
    /// Patterns ending in a state: its own (the longest) then its failure state's, which are all suffixes of it.
    /// So each list is ordered longest first, i.e. by start ascending for a fixed end. Lists are copied, not
    /// chained: the search then reads one contiguous range, at the cost of memory for deeply nested patterns.
    /// </summary>
    private void CollectOutputs(int state)
    {
        _outputStart[state] = _outputs.Count;
        if (_ownPattern[state] >= 0)
        {
            _outputs.Add(_ownPattern[state]);
        }

        if (state != Root)
        {
            int failState = _fail[state];
            for (int k = 0; k < _outputCount[failState]; k++)
            {
                _outputs.Add(_outputs[_outputStart[failState] + k]);
            }
        }

        _outputCount[state] = _outputs.Count - _outputStart[state];
    }

    /// <summary>
    /// Row displacement: every state's delta row goes into one shared table at a base index where its header cell
    /// (base + 0) and each class cell (base + class) are still free. Breadth first, so the shallow states the
    /// search visits most sit close together at the start of the table.
    /// </summary>
    private void PackRows()
    {
        int stateCount = _stateCount;
        _base = new int[stateCount];
        // Headers plus row cells, plus slack for the holes first fit leaves, so the packer rarely has to grow.
        long cells = stateCount + (long)_deltaClass.Count;
        var packer = new RowPacker(checked((int)(cells + cells / 4 + _classCount + 1)));
        for (int state = 0; state < stateCount; state++)
        {
            _base[state] = packer.Place(CollectionsMarshal.AsSpan(_deltaClass).Slice(_deltaStart[state], _deltaCount[state]));
        }

        // The search starts from state value 0; the root is placed first, in the first cell.
        Debug.Assert(_base[Root] == 0);
    }

    private AhoCorasickAutomaton WriteTables()
    {
        int stateCount = _stateCount;
        var stateValue = new int[stateCount];
        int highestBase = 0;
        for (int state = 0; state < stateCount; state++)
        {
            // Flags ride in the value so the search tests them without a load: "did anything match?" is the sign bit.
            stateValue[state] = _base[state]
                | (_outputCount[state] > 0 ? AhoCorasickAutomaton.MatchFlag : 0)
                | (_isFallback[state] ? AhoCorasickAutomaton.FallbackFlag : 0);
            highestBase = Math.Max(highestBase, _base[state]);
        }

        if (highestBase + _classCount >= AhoCorasickAutomaton.BaseMask)
        {
            throw new ArgumentException("Patterns too large: the transition table would exceed 2^30 cells.");
        }

        // Long enough that base + class is in range for every state and every class: the search relies on it.
        var slots = new TransitionSlot[highestBase + _classCount + 1];
        slots.AsSpan().Fill(new TransitionSlot { Owner = TransitionSlot.NotOwned, Target = Root });
        var states = new StateInfo[stateCount];
        for (int state = 0; state < stateCount; state++)
        {
            int baseIndex = _base[state];
            slots[baseIndex] = new TransitionSlot { Owner = TransitionSlot.NotOwned, Target = state };
            for (int k = _deltaStart[state]; k < _deltaStart[state] + _deltaCount[state]; k++)
            {
                slots[baseIndex + _deltaClass[k]] = new TransitionSlot
                {
                    Owner = stateValue[state],
                    Target = stateValue[_deltaTarget[k]],
                };
            }

            states[state] = new StateInfo(_depth[state], _outputStart[state], _outputCount[state], stateValue[_fail[state]]);
        }

        var rootRow = new int[_classCount + 1];
        for (int label = 0; label <= _classCount; label++)
        {
            rootRow[label] = stateValue[_rootChild[label]];
        }

        var patternLengths = new int[_patterns.Count];
        for (int id = 0; id < patternLengths.Length; id++)
        {
            patternLengths[id] = _patterns[id].Length;
        }

        return new AhoCorasickAutomaton(
            _classOfChar, rootRow, slots, states, [.. _outputs], patternLengths);
    }
}
