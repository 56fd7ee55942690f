using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// The recorded LSTM cell of <see cref="CoordinatewiseLstm"/> on the CPU as one native pass forward and one backward
/// (Native/lstm_cell.c, built with the project where gcc is at hand), bound into autograd as a custom function: the
/// gates' sigmoids, the cell update, the cell state's tanh and the hidden state in one loop over the values, and their
/// gradients in another, where libtorch takes about twenty elementwise kernels, each a pass through memory. The same
/// mathematics to float rounding; the matrix products stay libtorch's. Where the library is missing (another OS, no
/// compiler at build time), or for tensors other than float32 on the CPU, the cell keeps libtorch's operations. The
/// graph-free cell stays libtorch's: the same loop there (evaluation, ES, the optimizer at home) measured level with its
/// cache-sized blocks of in-place passes (docs/performance.md).
/// </summary>
public static class FusedLstmCell
{
    private const string Library = "l2llstmcell";

    private static readonly Lazy<bool> s_loaded = new(() =>
        NativeLibrary.TryLoad(Library, typeof(FusedLstmCell).Assembly, null, out _));

    [ThreadStatic]
    private static bool t_libtorchOnly;

    /// <summary>Whether the native cell loaded in this process.</summary>
    public static bool IsAvailable => s_loaded.Value;

    /// <summary>Until disposed, this thread's cells take libtorch's operations: to compare the two, or to measure them.</summary>
    public static IDisposable LibtorchOnlyOnThisThread()
    {
        var before = t_libtorchOnly;
        t_libtorchOnly = true;
        return new Restore(() => t_libtorchOnly = before);
    }

    /// <summary>
    /// Whether the cell of these gate pre-activations [4·hidden, rows] runs natively: float32 on the CPU, with libtorch on
    /// one thread. The native loops run on the calling thread, and libtorch on two threads spreads its elementwise passes
    /// over both cores (on the 2-core dev machine, quadratic:1,024 meta-trained in 12.8–14.9 s that way against the native
    /// cell's 17.9–18.1 s; on one thread the native cell is the faster, docs/performance.md).
    /// </summary>
    internal static bool Applies(Tensor gates) =>
        !t_libtorchOnly && gates.device_type == DeviceType.CPU && gates.dtype == ScalarType.Float32 && gates.numel() <= MaximumValues
        && IsAvailable && get_num_threads() == 1;

    /// <summary>The most values a tensor handed to the loops may hold: TorchSharp spans a tensor's bytes with an int.</summary>
    private const long MaximumValues = int.MaxValue / sizeof(float);

    /// <summary>h′ and c′ [hidden, rows] from the gate pre-activations [4·hidden, rows] (the candidate's doubled) and c [hidden, rows].</summary>
    internal static (Tensor Hidden, Tensor Cell) Apply(Tensor gates, Tensor cell)
    {
        var outputs = FusedLstmCellFunction.apply(gates, cell);
        return (outputs[0], outputs[1]);
    }

    /// <summary>The first value of a contiguous CPU tensor, for the native loops.</summary>
    internal static unsafe IntPtr Address(Tensor contiguous) =>
        (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(contiguous.bytes));

    [DllImport(Library, EntryPoint = "l2l_lstm_cell_forward", ExactSpelling = true)]
    internal static extern void Forward(IntPtr gates, IntPtr cell, IntPtr sigmoids, IntPtr nextCell, IntPtr nextCellTanh, IntPtr nextHidden, long hidden, long rows);

    [DllImport(Library, EntryPoint = "l2l_lstm_cell_backward", ExactSpelling = true)]
    internal static extern void Backward(IntPtr sigmoids, IntPtr cell, IntPtr nextCellTanh, IntPtr gradHidden, IntPtr gradCell, IntPtr gradGates, IntPtr gradCellBefore, long hidden, long rows);

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
