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

    private readonly IReadOnlyList<string> _patterns;

    // Alphabet compression: class of every UTF-16 code unit; 0 for code units that occur in no pattern.
    private readonly ushort[] _classOfChar = new ushort[char.MaxValue + 1];
    private int _classCount;      // classes are 1.._classCount
    private int _startClassCount; // classes 1.._startClassCount are exactly the first characters of patterns

    // The trie, one entry per state ("ordinal"); the root is ordinal 0.
    private readonly List<int> _depth = [];
    private readonly List<int> _ownPattern = [];   // pattern ending exactly here, or -1
    private readonly List<int> _firstChild = [];
    private readonly List<int> _nextSibling = [];
    private readonly List<int> _label = [];        // class of the edge from the parent
    private readonly Dictionary<long, int> _childByParentAndClass = [];

    // Filled breadth first.
    private int[] _breadthFirstOrder = [];
    private int[] _fail = [];
    private int[] _rootChild = []; // by class: the root's child, or Root

    // Per state, the transitions whose target differs from the root's target for the same class ("delta row"),
    // sorted by class, as a range of the two parallel lists below.
    private int[] _deltaStart = [];
    private int[] _deltaCount = [];
    private readonly List<int> _deltaClass = [];
    private readonly List<int> _deltaTarget = [];

    // Per state, the patterns ending in it (its own first, then those of its failure state), as a range of _outputs.
    private int[] _outputStart = [];
    private int[] _outputCount = [];
    private readonly List<int> _outputs = [];

    private int[] _base = [];

    private AutomatonBuilder(IReadOnlyList<string> patterns) => _patterns = patterns;

    public static AhoCorasickAutomaton Build(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var builder = new AutomatonBuilder(patterns);
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

    private void BuildTrie()
    {
        AddState(depth: 0, label: 0);
        for (int id = 0; id < _patterns.Count; id++)
        {
            int state = Root;
            foreach (char c in _patterns[id])
            {
                int label = _classOfChar[c];
                long key = ((long)state << 16) | (uint)label;
                if (!_childByParentAndClass.TryGetValue(key, out int child))
                {
                    child = AddState(_depth[state] + 1, label);
                    _childByParentAndClass.Add(key, child);
                    _nextSibling[child] = _firstChild[state];
                    _firstChild[state] = child;
                }

                state = child;
            }

            if (_ownPattern[state] >= 0)
            {
                throw new ArgumentException(
                    $"Pattern at index {id} duplicates the pattern at index {_ownPattern[state]}.");
            }

            _ownPattern[state] = id;
        }
    }

    private int AddState(int depth, int label)
    {
        _depth.Add(depth);
        _ownPattern.Add(-1);
        _firstChild.Add(-1);
        _nextSibling.Add(-1);
        _label.Add(label);
        return _depth.Count - 1;
    }

    /// <summary>
    /// Breadth first, so a state's failure state (always shallower) is finished before the state itself.
    /// A state's delta row is its own children plus its failure state's delta row for the classes it has no child
    /// for; every class not in the row leads where the root leads. That is the full DFA, stored as a difference.
    /// </summary>
    private void ComputeFailureLinksAndDeltaRows()
    {
        int stateCount = _depth.Count;
        _breadthFirstOrder = new int[stateCount];
        _fail = new int[stateCount];
        _deltaStart = new int[stateCount];
        _deltaCount = new int[stateCount];
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

    /// <summary>Delta row of <paramref name="state"/> = its children, then the failure state's row where no child overrides.</summary>
    private void MergeDeltaRow(int state, List<(int Label, int State)> children)
    {
        int failState = _fail[state];
        int inherited = _deltaStart[failState];
        int inheritedEnd = inherited + _deltaCount[failState];
        int own = 0;
        _deltaStart[state] = _deltaClass.Count;
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

    /// <summary>DFA transition of an already finished state: its delta row, else the root's transition.</summary>
    private int Transition(int state, int label)
    {
        var classes = CollectionsMarshal.AsSpan(_deltaClass).Slice(_deltaStart[state], _deltaCount[state]);
        int index = classes.BinarySearch(label);
        return index >= 0 ? _deltaTarget[_deltaStart[state] + index] : _rootChild[label];
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
    /// Row displacement: choose for each state a base index such that its header cell (base + 0) and every cell
    /// base + class of its delta row are still free. First fit, scanning from the lowest free cell; rows are short
    /// (a few classes out of thousands), so the first or second candidate usually fits.
    /// </summary>
    private void PackRows()
    {
        int stateCount = _depth.Count;
        _base = new int[stateCount];
        var occupied = new bool[Math.Max(1024, (stateCount + _deltaClass.Count) * 2 + _classCount + 1)];
        int lowestFree = 0;
        foreach (int state in _breadthFirstOrder)
        {
            var rowClasses = CollectionsMarshal.AsSpan(_deltaClass).Slice(_deltaStart[state], _deltaCount[state]);
            int candidate = lowestFree;
            while (true)
            {
                int highest = candidate + (rowClasses.IsEmpty ? 0 : rowClasses[^1]);
                if (highest >= occupied.Length)
                {
                    Array.Resize(ref occupied, Math.Max(occupied.Length * 2, highest + 1));
                }

                if (!occupied[candidate] && RowFits(occupied, candidate, rowClasses))
                {
                    break;
                }

                candidate++;
            }

            _base[state] = candidate;
            occupied[candidate] = true;
            foreach (int label in rowClasses)
            {
                occupied[candidate + label] = true;
            }

            while (occupied[lowestFree])
            {
                lowestFree++;
            }
        }
    }

    private static bool RowFits(bool[] occupied, int candidate, ReadOnlySpan<int> rowClasses)
    {
        foreach (int label in rowClasses)
        {
            if (occupied[candidate + label])
            {
                return false;
            }
        }

        return true;
    }

    private AhoCorasickAutomaton WriteTables()
    {
        int stateCount = _depth.Count;
        var stateValue = new int[stateCount];
        int highestBase = 0;
        for (int state = 0; state < stateCount; state++)
        {
            // A matching state carries the sign bit, so the search tests "did anything match?" without a load.
            stateValue[state] = _base[state] | (_outputCount[state] > 0 ? int.MinValue : 0);
            highestBase = Math.Max(highestBase, _base[state]);
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

            states[state] = new StateInfo(_depth[state], _outputStart[state], _outputCount[state]);
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
