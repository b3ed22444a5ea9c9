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
    internal const int DefaultMaxInheritedTransitions = 8;

    private readonly IReadOnlyList<string> _patterns;
    private readonly int _maxInheritedTransitions;

    // Alphabet compression: class of every UTF-16 code unit; 0 for code units that occur in no pattern.
    private readonly ushort[] _classOfChar = new ushort[char.MaxValue + 1];
    private int _classCount;      // classes are 1.._classCount
    private int _startClassCount; // classes 1.._startClassCount are exactly the first characters of patterns

    // The trie, one entry per state ("ordinal"); the root is ordinal 0.
    // Sized for the worst case (no shared prefixes); _stateCount says how much is used.
    private int _stateCount;
    private int[] _depth = [];
    private int[] _ownPattern = [];   // pattern ending exactly here, or -1
    private int[] _firstChild = [];
    private int[] _nextSibling = [];
    private int[] _label = [];        // class of the edge from the parent

    // Filled breadth first.
    private int[] _breadthFirstOrder = [];
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

    /// <summary>
    /// Gives every code unit used by a pattern a dense class id. First characters of patterns get the lowest ids, so
    /// "can this character start a match?" is one comparison in the search's skip loop.
    /// </summary>
    private void NumberCharacters()
    {
        for (int id = 0; id < _patterns.Count; id++)
        {
            string? pattern = _patterns[id];
            if (string.IsNullOrEmpty(pattern))
            {
                throw new ArgumentException($"Pattern at index {id} is null or empty.");
            }

            AssignClass(pattern[0]);
        }

        _startClassCount = _classCount;
        foreach (string pattern in _patterns)
        {
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
    /// Inserts the patterns in sorted order: each one shares exactly its common prefix with the previous one, so
    /// the path to extend is already known and no child lookup (no hash table) is needed. Equal patterns end up
    /// adjacent, lowest index first, which is where duplicates are caught.
    /// </summary>
    private void BuildTrie()
    {
        long totalLength = 0;
        int longest = 0;
        foreach (string pattern in _patterns)
        {
            totalLength += pattern.Length;
            longest = Math.Max(longest, pattern.Length);
        }

        int capacity = checked((int)(totalLength + 1));
        _depth = new int[capacity];
        _ownPattern = new int[capacity];
        _firstChild = new int[capacity];
        _nextSibling = new int[capacity];
        _label = new int[capacity];
        AddState(depth: 0, label: 0);

        int[] sortedIds = new int[_patterns.Count];
        for (int id = 0; id < sortedIds.Length; id++)
        {
            sortedIds[id] = id;
        }

        Array.Sort(sortedIds, (a, b) =>
        {
            int byText = string.CompareOrdinal(_patterns[a], _patterns[b]);
            return byText != 0 ? byText : a.CompareTo(b);
        });

        var path = new int[longest + 1]; // path[k] = state after the first k characters of the previous pattern
        path[0] = Root;
        string previous = "";
        int previousId = -1;
        foreach (int id in sortedIds)
        {
            string pattern = _patterns[id];
            int shared = previous.AsSpan().CommonPrefixLength(pattern);
            if (shared == pattern.Length && shared == previous.Length)
            {
                throw new ArgumentException($"Pattern at index {id} duplicates the pattern at index {previousId}.");
            }

            for (int k = shared; k < pattern.Length; k++)
            {
                int parent = path[k];
                int child = AddState(k + 1, _classOfChar[pattern[k]]);
                _nextSibling[child] = _firstChild[parent];
                _firstChild[parent] = child;
                path[k + 1] = child;
            }

            _ownPattern[path[pattern.Length]] = id;
            previous = pattern;
            previousId = id;
        }
    }

    private int AddState(int depth, int label)
    {
        int state = _stateCount++;
        _depth[state] = depth;
        _ownPattern[state] = -1;
        _firstChild[state] = -1;
        _nextSibling[state] = -1;
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
        _breadthFirstOrder = new int[stateCount];
        _fail = new int[stateCount];
        _deltaStart = new int[stateCount];
        _deltaCount = new int[stateCount];
        _isFallback = new bool[stateCount];
        _deltaClass.Capacity = _deltaTarget.Capacity = 2 * stateCount;
        _outputStart = new int[stateCount];
        _outputCount = new int[stateCount];
        _rootChild = new int[_classCount + 1];
        for (int child = _firstChild[Root]; child >= 0; child = _nextSibling[child])
        {
            _rootChild[_label[child]] = child;
        }

        var children = new List<(int Label, int State)>();
        int head = 0;
        int tail = 0;
        _breadthFirstOrder[tail++] = Root;
        while (head < tail)
        {
            int state = _breadthFirstOrder[head++];

            children.Clear();
            for (int child = _firstChild[state]; child >= 0; child = _nextSibling[child])
            {
                children.Add((_label[child], child));
            }

            children.Sort(static (a, b) => a.Label.CompareTo(b.Label));

            // The root's row is the dense root row itself, so its delta row stays empty.
            if (state != Root)
            {
                MergeDeltaRow(state, children);
            }

            CollectOutputs(state);

            foreach (var (label, child) in children)
            {
                _fail[child] = state == Root ? Root : Transition(_fail[state], label);
                _breadthFirstOrder[tail++] = child;
            }
        }
    }

    /// <summary>
    /// Delta row of <paramref name="state"/> = its children, then the failure state's row where no child overrides;
    /// or, for a fallback state, its children alone.
    /// </summary>
    private void MergeDeltaRow(int state, List<(int Label, int State)> children)
    {
        int failState = _fail[state];
        int inheritedStart = _deltaStart[failState];
        int inheritedEnd = inheritedStart + _deltaCount[failState];
        _deltaStart[state] = _deltaClass.Count;

        // A fallback failure state's row is incomplete, so it cannot be copied: the state falls back too.
        _isFallback[state] = _isFallback[failState]
            || CountInheritedTransitions(children, inheritedStart, inheritedEnd) > _maxInheritedTransitions;
        if (_isFallback[state])
        {
            inheritedEnd = inheritedStart;
        }

        int own = 0;
        int inherited = inheritedStart;
        while (own < children.Count || inherited < inheritedEnd)
        {
            int ownLabel = own < children.Count ? children[own].Label : int.MaxValue;
            int inheritedLabel = inherited < inheritedEnd ? _deltaClass[inherited] : int.MaxValue;
            if (ownLabel <= inheritedLabel)
            {
                _deltaClass.Add(ownLabel);
                _deltaTarget.Add(children[own].State);
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
    private int CountInheritedTransitions(List<(int Label, int State)> children, int inheritedStart, int inheritedEnd)
    {
        int count = 0;
        int own = 0;
        for (int inherited = inheritedStart; inherited < inheritedEnd; inherited++)
        {
            int label = _deltaClass[inherited];
            while (own < children.Count && children[own].Label < label)
            {
                own++;
            }

            if (own == children.Count || children[own].Label != label)
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
        var packer = new RowPacker(stateCount + _deltaClass.Count + _classCount + 1);
        foreach (int state in _breadthFirstOrder)
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
            _classOfChar, _startClassCount, rootRow, slots, states, [.. _outputs], patternLengths);
    }
}
