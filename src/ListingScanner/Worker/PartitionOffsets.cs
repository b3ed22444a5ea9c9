namespace ListingScanner.Worker;

/// <summary>
/// Offset bookkeeping for one assigned partition: which consumed offsets are still in flight and which are done, and
/// from that the offset that is safe to commit.
/// </summary>
/// <remarks>
/// Scan workers finish messages out of order, so "the last completed offset" is not safe to commit: an earlier
/// message might still be waiting for its delivery report. The committable offset is one past the highest offset
/// such that it and every tracked offset before it are complete (the contiguous prefix). Offsets need not be dense
/// (compaction and transaction markers leave gaps); they only have to be tracked in increasing order.
/// Track and TakeCommittable are called by the consume loop, Complete by scan workers and the producer's delivery
/// thread; one lock per partition keeps that simple and is uncontended in practice.
/// </remarks>
internal sealed class PartitionOffsets
{
    private readonly object _gate = new();

    // A ring of tracked offsets in consumption (= increasing) order, with a completion flag each.
    private long[] _offsets = new long[1024];
    private bool[] _done = new bool[1024];
    private int _head;
    private int _count;

    private long _committable = -1;     // next offset to commit (one past the contiguous done prefix); -1 = none yet
    private long _lastTaken = -1;        // the committable offset last handed out by TakeCommittable
    private volatile bool _revoked;

    public PartitionOffsets(string topic, int partition)
    {
        Topic = topic;
        Partition = partition;
    }

    public string Topic { get; }

    public int Partition { get; }

    /// <summary>True once the partition was revoked or lost: its in-flight work is dropped (it will be redelivered).</summary>
    public bool IsRevoked => _revoked;

    /// <summary>Messages tracked and not yet complete.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>One past the contiguous completed prefix, or -1 when nothing has completed yet.</summary>
    public long Committable
    {
        get
        {
            lock (_gate)
            {
                return _committable;
            }
        }
    }

    public void MarkRevoked() => _revoked = true;

    /// <summary>Registers a consumed offset. Offsets must be tracked in increasing order.</summary>
    public void Track(long offset)
    {
        lock (_gate)
        {
            if (_count > 0 && offset <= _offsets[(_head + _count - 1) % _offsets.Length])
            {
                throw new InvalidOperationException($"{Topic}[{Partition}]: offset {offset} tracked out of order");
            }

            if (_count == _offsets.Length)
            {
                Grow();
            }

            int tail = (_head + _count) % _offsets.Length;
            _offsets[tail] = offset;
            _done[tail] = false;
            _count++;
        }
    }

    /// <summary>Marks a tracked offset complete and advances the committable offset over the done prefix.</summary>
    /// <returns>False when the offset is not tracked (already complete, or tracked by an earlier assignment).</returns>
    public bool Complete(long offset)
    {
        lock (_gate)
        {
            int index = Find(offset);
            if (index < 0)
            {
                return false;
            }

            _done[index] = true;
            while (_count > 0 && _done[_head])
            {
                _committable = _offsets[_head] + 1;
                _head = (_head + 1) % _offsets.Length;
                _count--;
            }

            return true;
        }
    }

    /// <summary>The committable offset if it moved since the last call, else null.</summary>
    public long? TakeCommittable()
    {
        lock (_gate)
        {
            if (_committable < 0 || _committable == _lastTaken)
            {
                return null;
            }

            _lastTaken = _committable;
            return _committable;
        }
    }

    /// <summary>Forgets a handed-out offset so the next <see cref="TakeCommittable"/> returns it again (its commit failed).</summary>
    public void ReturnCommittable(long offset)
    {
        lock (_gate)
        {
            if (_lastTaken == offset)
            {
                _lastTaken = -1;
            }
        }
    }

    private int Find(long offset)
    {
        // Binary search over the ring, whose logical order is increasing.
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int index = (_head + mid) % _offsets.Length;
            long value = _offsets[index];
            if (value == offset)
            {
                return _done[index] ? -1 : index;
            }

            if (value < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var offsets = new long[_offsets.Length * 2];
        var done = new bool[_done.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) % _offsets.Length;
            offsets[i] = _offsets[from];
            done[i] = _done[from];
        }

        _offsets = offsets;
        _done = done;
        _head = 0;
    }
}
