using L2LCluster.Contracts;

namespace L2LCluster.Cluster.Tests;

/// <summary>
/// A worker slower than the others, simulated in the silos' call pipeline: the first worker asked to unroll becomes
/// the slow one, and each of its answers is held back by a fixed delay.
/// </summary>
internal sealed class SlowWorker(TimeSpan delay) : IIncomingGrainCallFilter
{
    private readonly Lock _choice = new();
    private string? _slowWorker;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
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

        await Task.Delay(delay);
    }
}
