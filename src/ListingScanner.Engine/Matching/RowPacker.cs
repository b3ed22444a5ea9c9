namespace ListingScanner.Engine.Matching;

/// <summary>
/// Places sparse rows in one shared array without collisions (row displacement, as in a double-array trie): each
/// row gets a base index such that its cell <c>base + 0</c> and every <c>base + class</c> are free. Build time only.
/// </summary>
/// <remarks>
/// First fit over a linked list of free cells, so occupied cells are never scanned. A free cell that keeps failing
/// as a base (its neighbourhood is too crowded for the rows being placed) is dropped from the list after
/// <see cref="MaxFailuresAsBase"/> tries: without that, a few unusable holes near the start would be re-tested for
/// every row and packing would turn quadratic (minutes instead of milliseconds for 100,000 terms). The dropped cell
/// stays free, so another row's class cell can still land in it.
/// </remarks>
internal sealed class RowPacker
{
    private const int MaxFailuresAsBase = 16;
    private const int EndOfList = -1;
    private const int NotInList = -2;

    private bool[] _occupied = [];
    private int[] _nextCandidate = [];     // free cells still tried as a base, in index order
    private int[] _previousCandidate = [];
    private byte[] _failuresAsBase = [];
    private int _firstCandidate = EndOfList;
    private int _lastCandidate = EndOfList;

    public RowPacker(int initialCapacity) => Grow(Math.Max(initialCapacity, 16));

    /// <summary>Highest index occupied so far, plus one.</summary>
    public int UsedLength { get; private set; }

    /// <summary>Chooses a base for a row with the given classes (ascending, each at least 1) and occupies its cells.</summary>
    public int Place(ReadOnlySpan<int> rowClasses)
    {
        int widest = rowClasses.IsEmpty ? 0 : rowClasses[^1];
        int candidate = _firstCandidate;
        while (true)
        {
            if (candidate == EndOfList)
            {
                candidate = _occupied.Length; // every listed cell failed: continue in fresh space
            }

            if (candidate + widest >= _occupied.Length)
            {
                Grow(Math.Max(_occupied.Length * 2, candidate + widest + 1));
            }

            if (Fits(candidate, rowClasses))
            {
                Occupy(candidate);
                foreach (int rowClass in rowClasses)
                {
                    Occupy(candidate + rowClass);
                }

                return candidate;
            }

            int next = _nextCandidate[candidate];
            if (++_failuresAsBase[candidate] >= MaxFailuresAsBase)
            {
                Unlink(candidate);
            }

            candidate = next;
        }
    }

    private bool Fits(int candidate, ReadOnlySpan<int> rowClasses)
    {
        if (_occupied[candidate])
        {
            return false;
        }

        foreach (int rowClass in rowClasses)
        {
            if (_occupied[candidate + rowClass])
            {
                return false;
            }
        }

        return true;
    }

    private void Occupy(int cell)
    {
        _occupied[cell] = true;
        UsedLength = Math.Max(UsedLength, cell + 1);
        if (_previousCandidate[cell] != NotInList)
        {
            Unlink(cell);
        }
    }

    private void Unlink(int cell)
    {
        int previous = _previousCandidate[cell];
        int next = _nextCandidate[cell];
        if (previous == EndOfList)
        {
            _firstCandidate = next;
        }
        else
        {
            _nextCandidate[previous] = next;
        }

        if (next == EndOfList)
        {
            _lastCandidate = previous;
        }
        else
        {
            _previousCandidate[next] = previous;
        }

        _previousCandidate[cell] = NotInList;
        _nextCandidate[cell] = NotInList;
    }

    /// <summary>Extends the array; the new cells are free and appended to the candidate list.</summary>
    private void Grow(int capacity)
    {
        int oldCapacity = _occupied.Length;
        Array.Resize(ref _occupied, capacity);
        Array.Resize(ref _nextCandidate, capacity);
        Array.Resize(ref _previousCandidate, capacity);
        Array.Resize(ref _failuresAsBase, capacity);
        for (int cell = oldCapacity; cell < capacity; cell++)
        {
            _previousCandidate[cell] = _lastCandidate;
            _nextCandidate[cell] = EndOfList;
            if (_lastCandidate == EndOfList)
            {
                _firstCandidate = cell;
            }
            else
            {
                _nextCandidate[_lastCandidate] = cell;
            }

            _lastCandidate = cell;
        }
    }
}
