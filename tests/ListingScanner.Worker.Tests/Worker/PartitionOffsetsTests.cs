namespace ListingScanner.Worker.Tests.Worker;

public class PartitionOffsetsTests
{
    [Fact]
    public void Nothing_is_committable_until_the_first_offset_completes()
    {
        var offsets = new PartitionOffsets("t", 0);
        offsets.Track(10);
        offsets.Track(11);

        offsets.Complete(11);

        Assert.Null(offsets.TakeCommittable());
        Assert.Equal(2, offsets.InFlight);
    }

    [Fact]
    public void Commits_only_over_the_contiguous_prefix_of_completed_offsets()
    {
        var offsets = new PartitionOffsets("t", 0);
        foreach (long o in new long[] { 5, 6, 7, 8, 9 })
        {
            offsets.Track(o);
        }

        offsets.Complete(5);
        offsets.Complete(7);
        offsets.Complete(9);
        Assert.Equal(6, offsets.TakeCommittable()); // 6 is still in flight: 7 and 9 must wait

        offsets.Complete(6);
        Assert.Equal(8, offsets.TakeCommittable()); // 5,6,7 done; 8 in flight

        offsets.Complete(8);
        Assert.Equal(10, offsets.TakeCommittable());
        Assert.Equal(0, offsets.InFlight);
    }

    [Fact]
    public void Gaps_between_offsets_do_not_block_the_watermark()
    {
        // Compacted topics and transaction markers leave offsets that are never consumed.
        var offsets = new PartitionOffsets("t", 0);
        offsets.Track(100);
        offsets.Track(250);
        offsets.Track(251);

        offsets.Complete(251);
        offsets.Complete(100);
        Assert.Equal(101, offsets.TakeCommittable());

        offsets.Complete(250);
        Assert.Equal(252, offsets.TakeCommittable());
    }

    [Fact]
    public void The_same_committable_offset_is_handed_out_once_unless_returned()
    {
        var offsets = new PartitionOffsets("t", 0);
        offsets.Track(0);
        offsets.Complete(0);

        Assert.Equal(1, offsets.TakeCommittable());
        Assert.Null(offsets.TakeCommittable());

        offsets.ReturnCommittable(1); // that commit failed
        Assert.Equal(1, offsets.TakeCommittable());
    }

    [Fact]
    public void Unknown_or_repeated_completions_change_nothing()
    {
        var offsets = new PartitionOffsets("t", 0);
        offsets.Track(3);
        offsets.Track(4);

        Assert.False(offsets.Complete(2));
        Assert.True(offsets.Complete(4));
        Assert.False(offsets.Complete(4));
        Assert.Null(offsets.TakeCommittable());
    }

    [Fact]
    public void Tracking_out_of_order_is_refused()
    {
        var offsets = new PartitionOffsets("t", 0);
        offsets.Track(7);

        Assert.Throws<InvalidOperationException>(() => offsets.Track(7));
        Assert.Throws<InvalidOperationException>(() => offsets.Track(3));
    }

    [Fact]
    public void Random_completion_order_over_many_offsets_matches_a_simple_model()
    {
        // Far more offsets than the initial ring, completed from several threads in random order.
        var offsets = new PartitionOffsets("t", 0);
        const int count = 20_000;
        for (long o = 0; o < count; o++)
        {
            offsets.Track(o * 2); // sparse offsets
        }

        var order = Enumerable.Range(0, count).Select(i => (long)i * 2).ToArray();
        new Random(42).Shuffle(order);
        var done = new bool[count];
        long lastSeen = -1;
        for (int i = 0; i < order.Length; i++)
        {
            Assert.True(offsets.Complete(order[i]));
            done[order[i] / 2] = true;
            if (i % 97 == 0 || i == order.Length - 1)
            {
                int prefix = 0;
                while (prefix < count && done[prefix])
                {
                    prefix++;
                }

                long expected = prefix == 0 ? -1 : (prefix - 1) * 2 + 1;
                Assert.Equal(expected, offsets.Committable);
                Assert.True(offsets.Committable >= lastSeen);
                lastSeen = offsets.Committable;
            }
        }

        Assert.Equal(count * 2 - 1, offsets.Committable);
    }

    [Fact]
    public void Concurrent_completion_reaches_the_end()
    {
        var offsets = new PartitionOffsets("t", 0);
        const int count = 50_000;
        for (long o = 0; o < count; o++)
        {
            offsets.Track(o);
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, o => offsets.Complete(o));

        Assert.Equal(count, offsets.TakeCommittable());
        Assert.Equal(0, offsets.InFlight);
    }
}
