using System.Diagnostics;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// The device's own limit for the kind of work the LSTM does: a large float32 matrix product, timed in repeats of
/// back-to-back products. On CUDA the products queue asynchronously, so each repeat ends by reading a value of its
/// last product, which waits for the whole stream.
/// </summary>
internal static class MatmulCeiling
{
    /// <summary>A repeat long enough that the clock's resolution and one synchronisation do not matter.</summary>
    private static readonly TimeSpan RepeatDuration = TimeSpan.FromSeconds(0.5);

    public static CeilingResult Run(BenchmarkSettings settings, Device device, TextWriter progress)
    {
        using var scope = NewDisposeScope();
        var size = settings.CeilingSize;
        using var a = randn(size, size, device: device);
        using var b = randn(size, size, device: device);
        var flopsPerProduct = 2.0 * size * size * size;

        // The first products pay for the kernel choice and the allocator; they also size the timed repeats.
        var products = 1;
        while (Time(a, b, products) < RepeatDuration.TotalSeconds / 4)
        {
            products *= 2;
        }

        products = Math.Max(1, (int)(products * RepeatDuration.TotalSeconds / Time(a, b, products)));
        var rates = new List<double>(settings.Repeats);
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            rates.Add(products * flopsPerProduct / Time(a, b, products));
            progress.WriteLine($"ceiling: repeat {repeat}/{settings.Repeats}: {rates[^1] / 1e9:N1} GFLOP/s");
        }

        return new CeilingResult(size, products, Spread.Of(rates));
    }

    private static double Time(Tensor a, Tensor b, int products)
    {
        var clock = Stopwatch.StartNew();
        for (var product = 1; product < products; product++)
        {
            using var discarded = a.mm(b);
        }

        using var last = a.mm(b);
        using var corner = last[0, 0];
        _ = corner.item<float>();
        return clock.Elapsed.TotalSeconds;
    }
}
