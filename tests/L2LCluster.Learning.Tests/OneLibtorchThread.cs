using System.Runtime.CompilerServices;
using TorchSharp;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// These tests run libtorch on one thread, as the console and the silos do unless told otherwise (TorchSetup,
/// `--threads` 1), so that they take the same paths: the native LSTM cell (FusedLstmCell) is used with one thread only.
/// </summary>
internal static class OneLibtorchThread
{
#pragma warning disable CA2255 // A test assembly's process-wide setting, made before any test runs.
    [ModuleInitializer]
    internal static void Configure() => torch.set_num_threads(1);
#pragma warning restore CA2255
}
