using System.Diagnostics;
using System.Text;

namespace ListingScanner.Telemetry;

/// <summary>
/// The standard process_* metrics (same names and meaning as the official Prometheus clients, so stock dashboards
/// and alerts work) and a few .NET runtime numbers, read at scrape time from cheap runtime APIs.
/// </summary>
internal sealed class ProcessMetrics
{
    private readonly double _startTimeSeconds;

    public ProcessMetrics()
    {
        using var process = Process.GetCurrentProcess();
        _startTimeSeconds = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }

    public void Render(StringBuilder text)
    {
        Family(text, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        Sample(text, "process_cpu_seconds_total", null, Environment.CpuUsage.TotalTime.TotalSeconds);

        int? openFds = CountOpenFileDescriptors();
        if (openFds is int fds)
        {
            Family(text, "process_open_fds", "gauge", "Number of open file descriptors.");
            Sample(text, "process_open_fds", null, fds);
        }

        Family(text, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        Sample(text, "process_resident_memory_bytes", null, Environment.WorkingSet);

        Family(text, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        Sample(text, "process_start_time_seconds", null, _startTimeSeconds);

        Family(text, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started.");
        Sample(text, "dotnet_gc_allocated_bytes_total", null, GC.GetTotalAllocatedBytes(precise: false));

        Family(text, "dotnet_gc_collections_total", "counter", "Garbage collections since the process started, by generation.");
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            Sample(text, "dotnet_gc_collections_total", $"generation=\"{generation}\"", GC.CollectionCount(generation));
        }

        Family(text, "dotnet_gc_heap_size_bytes", "gauge", "Bytes currently thought to be allocated on the managed heap.");
        Sample(text, "dotnet_gc_heap_size_bytes", null, GC.GetTotalMemory(forceFullCollection: false));

        Family(text, "dotnet_threadpool_queue_length", "gauge", "Work items queued to the thread pool and not yet started.");
        Sample(text, "dotnet_threadpool_queue_length", null, ThreadPool.PendingWorkItemCount);

        Family(text, "dotnet_threadpool_threads", "gauge", "Thread pool threads that currently exist.");
        Sample(text, "dotnet_threadpool_threads", null, ThreadPool.ThreadCount);
    }

    private static int? CountOpenFileDescriptors()
    {
        // Linux only (where the worker runs); elsewhere the metric is simply not exported.
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ');
        PrometheusText.AppendDouble(text, value);
        text.Append('\n');
    }
}
