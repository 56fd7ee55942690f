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

    // DllImport rather than LibraryImport: two int arguments need no marshalling, and no unsafe code for it.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    private static extern int mallopt(int parameter, int value);
}
