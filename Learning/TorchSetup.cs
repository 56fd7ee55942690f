using L2LCluster.Runs;
using TorchSharp;

namespace L2LCluster.Learning;

/// <summary>Process-wide libtorch choices, made the same way by the console and by silos.</summary>
public static class TorchSetup
{
    private static readonly Lock Configuration = new();
    private static bool s_configured;

    /// <summary>
    /// Sets libtorch's intra-op thread count and makes the C heap keep the memory tensors free
    /// (<see cref="NativeHeap"/>). Both are process-wide and must precede any tensor work, so only the first call
    /// sets them (several in-process silos share one process, and a console hosts its embedded silo). That first call
    /// also says, through <paramref name="warn"/>, when the process lacks the setting that keeps TorchSharp's arguments
    /// alive (<see cref="TorchArgumentLifetime"/>): once per process, from whichever of them configures it.
    /// </summary>
    public static void ConfigureOnce(int threads, string setting, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        InvalidSettingException.ThrowUnless(threads is >= 1 and <= 1024, setting, $"must be between 1 and 1024; got {threads}.");
        lock (Configuration)
        {
            if (!s_configured)
            {
                if (!TorchArgumentLifetime.IsProtectedHere)
                {
                    warn(TorchArgumentLifetime.Warning);
                }

                torch.set_num_threads(threads);
                NativeHeap.KeepFreedMemory();
                s_configured = true;
            }
        }
    }

    /// <summary>Whether a device kind (auto, cpu or cuda) means CUDA on this machine.</summary>
    public static bool UsesCuda(string kind, string setting) => kind.ToLowerInvariant() switch
    {
        "cuda" when !torch.cuda.is_available() => throw new InvalidSettingException(setting, "CUDA was asked for but no CUDA device is available (this build or machine is CPU-only)."),
        "cuda" => true,
        "auto" => torch.cuda.is_available(),
        "cpu" => false,
        _ => throw new InvalidSettingException(setting, $"unknown device '{kind}'; allowed: auto, cpu, cuda."),
    };
}
