using System.Diagnostics;
using L2LCluster.Contracts;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Makes one worker <paramref name="slowdown"/> times slower than it is, in the silo's call pipeline where the
/// cluster cannot tell it from a slow device: the first worker asked to unroll is the slow one, and each of its
/// answers is held back for (slowdown − 1) times the unroll's own duration. Holding back costs no CPU, so on a small
/// machine the other workers keep their speed.
/// </summary>
public sealed class SlowDeviceFilter(double slowdown) : IIncomingGrainCallFilter
{
    public double Slowdown { get; } = slowdown >= 1 ? slowdown : throw new ArgumentOutOfRangeException(nameof(slowdown), slowdown, "A slowdown is at least 1.");

    private readonly Lock _choice = new();
    private string? _slowWorker;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var clock = Stopwatch.StartNew();
        await context.Invoke();
        if (context.Result is not WorkerGradient)
        {
            return;
        }

        var worker = context.TargetId.Key.ToString();
        lock (_choice)
        {
            _slowWorker ??= worker;
            if (_slowWorker != worker)
            {
                return;
            }
        }

        await Task.Delay(clock.Elapsed * (Slowdown - 1));
    }
}
