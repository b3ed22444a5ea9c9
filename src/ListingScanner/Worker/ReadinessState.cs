namespace ListingScanner.Worker;

/// <summary>What /readyz reports: ready when the consumer holds partitions and a dictionary is loaded.</summary>
public sealed class ReadinessState
{
    private int _assignedPartitions;

    public int AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    public void SetAssignedPartitions(int count) => Volatile.Write(ref _assignedPartitions, count);
}
