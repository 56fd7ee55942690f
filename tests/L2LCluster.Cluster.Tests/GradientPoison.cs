using L2LCluster.Contracts;
using L2LCluster.Runs;

namespace L2LCluster.Cluster.Tests;

/// <summary>
/// A misbehaving worker, simulated where the cluster cannot tell it from a real one: in the worker silo's call
/// pipeline. The first answer of iteration 3 gets a NaN, of iteration 4 a stale φ version, of iteration 5 a
/// truncated gradient.
/// </summary>
internal sealed class GradientPoison : IIncomingGrainCallFilter
{
    private readonly HashSet<int> _poisoned = [];

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.Result is not WorkerGradient gradient || context.Request.GetArgument(0) is not UnrollRequest request)
        {
            return;
        }

        lock (_poisoned)
        {
            if (request.Iteration is < 3 or > 5 || !_poisoned.Add(request.Iteration))
            {
                return;
            }
        }

        context.Result = request.Iteration switch
        {
            3 => gradient with { Gradient = FloatPayload.ToBytes([float.NaN, .. FloatPayload.ToFloats(gradient.Gradient)[1..]]) },
            4 => gradient with { PhiVersion = gradient.PhiVersion - 1 },
            _ => gradient with { Gradient = gradient.Gradient[..^4] },
        };
    }
}
