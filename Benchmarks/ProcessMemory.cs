using System.Diagnostics;
using System.Globalization;

namespace L2LCluster.Benchmarks;

/// <summary>
/// This process's resident memory as the kernel counts it. Unlike the GC's figures it includes libtorch's native
/// allocations, which is where a tensor leak shows.
/// </summary>
/// <param name="ResidentBytes">Resident set size now (Linux VmRSS).</param>
/// <param name="PeakResidentBytes">The largest resident set size so far (Linux VmHWM).</param>
internal sealed record ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    private const string StatusPath = "/proc/self/status";

    public static ProcessMemory Read()
    {
        if (!File.Exists(StatusPath))
        {
            // Off Linux the runtime's working-set figures are the nearest equivalent.
            using var process = Process.GetCurrentProcess();
            return new ProcessMemory(process.WorkingSet64, process.PeakWorkingSet64);
        }

        long? resident = null;
        long? peak = null;
        foreach (var line in File.ReadLines(StatusPath))
        {
            resident ??= Kilobytes(line, "VmRSS:");
            peak ??= Kilobytes(line, "VmHWM:");
        }

        return new ProcessMemory(
            resident ?? throw new InvalidOperationException($"{StatusPath} has no VmRSS line."),
            peak ?? throw new InvalidOperationException($"{StatusPath} has no VmHWM line."));
    }

    /// <summary>The value of a "Name:   1234 kB" line in bytes, or null when the line is another field.</summary>
    private static long? Kilobytes(string line, string field)
    {
        if (!line.StartsWith(field, StringComparison.Ordinal))
        {
            return null;
        }

        var value = line.AsSpan(field.Length).Trim();
        if (value.EndsWith(" kB", StringComparison.Ordinal))
        {
            value = value[..^3].TrimEnd();
        }

        return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
    }
}
