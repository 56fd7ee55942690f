using System.Runtime.InteropServices;

namespace L2LCluster.Learning;

/// <summary>
/// libtorch's CPU tensors come from malloc. By default glibc serves large blocks with fresh mappings and gives freed
/// memory back to the kernel, so a meta-iteration that frees and makes again the same hundreds of megabytes of
/// activations every step pays a page fault and a cleared page for every 4 KiB of them, every step: 60 % of a
/// 16-network Fashion-MNIST iteration was spent in the kernel. Told to keep what it frees in its heap, glibc hands the
/// same memory back the next step. The price is that a process keeps its peak heap, as a GPU's caching allocator does.
/// </summary>
public static class NativeHeap
{
    // mallopt(3)'s parameters.
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MaximumMappings = -4;

    /// <summary>Grows the heap a quarter gibibyte at a time, so that a growing workload is not a system call per step.</summary>
    private const int Growth = 256 << 20;

    /// <summary>Whether the C library took the settings: glibc on Linux does; elsewhere the default allocator stays.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // No block of its own mapping, no trimming (−1 disables it) and a larger step when the heap grows.
            return mallopt(MaximumMappings, 0) == 1 && mallopt(TrimThreshold, -1) == 1 && mallopt(TopPad, Growth) == 1;
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static volatile bool s_collectBetweenSteps;

    /// <summary>
    /// Asks every later evaluation loop of this process (<see cref="Evaluation.OptimizationRun"/>) for a young-generation
    /// collection before each step. Every number handed to a tensor operation (<c>x.mul(2)</c>, <c>a + b</c>'s α of 1, a
    /// learning rate) becomes a TorchSharp Scalar: a few bytes of C heap that no dispose scope tracks and only a finalizer
    /// frees. Between two collections they land inside the large blocks a step just freed, and with the heap keeping its
    /// freed memory the next step's blocks no longer fit there: an evaluation, which makes little managed garbage, grew
    /// its heap by 15 MiB a step on 16 networks, and 128 networks ran out of 24 GiB. Only for a process whose tensor work
    /// all runs on the calling thread (the console's eval, experiment and single-process train): TorchSharp does not keep a
    /// Scalar alive through the native call it is passed to, so a collection forced while another thread is inside one
    /// can free that Scalar under it.
    /// </summary>
    public static void CollectBetweenStepsOnThisThreadOnly() => s_collectBetweenSteps = true;

    /// <summary>The collection <see cref="CollectBetweenStepsOnThisThreadOnly"/> asked for, if it did; else nothing.</summary>
    internal static void BetweenSteps()
    {
        if (s_collectBetweenSteps)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
        }
    }

    // DllImport rather than LibraryImport: two int arguments need no marshalling, and no unsafe code for it.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    private static extern int mallopt(int parameter, int value);
}
