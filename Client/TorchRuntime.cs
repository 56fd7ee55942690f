using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Client;

/// <summary>Process-wide libtorch settings, made once before any tensor work.</summary>
internal static class TorchRuntime
{
    private static bool s_configured;

    /// <summary>Sets libtorch's intra-op thread count (once) and picks the device.</summary>
    public static Device Configure(int threads, string device)
    {
        if (!s_configured)
        {
            torch.set_num_threads(threads);
            s_configured = true;
        }

        return device.ToLowerInvariant() switch
        {
            "cpu" => CPU,
            "cuda" when torch.cuda.is_available() => CUDA,
            "cuda" => throw new Learning.InvalidSettingException("--device", "CUDA was asked for but no CUDA device is available (this build or machine is CPU-only)."),
            "auto" => torch.cuda.is_available() ? CUDA : CPU,
            _ => throw new Learning.InvalidSettingException("--device", $"unknown device '{device}'; allowed: auto, cpu, cuda."),
        };
    }
}
