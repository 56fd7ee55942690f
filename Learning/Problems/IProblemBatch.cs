using TorchSharp;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A batch of independent problems optimized together. Parameters are a [problems, coordinates] tensor; each row
/// belongs to one problem and only that problem's loss depends on it, so the gradient of the summed loss is
/// every problem's own gradient.
/// </summary>
public interface IProblemBatch : IDisposable
{
    int ProblemCount { get; }

    int CoordinatesPerProblem { get; }

    /// <summary>A fresh tensor with the problems' initial parameters θ₀, [problems, coordinates].</summary>
    torch.Tensor InitialParameters();

    /// <summary>
    /// Each problem's loss at <paramref name="parameters"/>, [problems]. Stochastic families draw their next
    /// minibatch on every call, so call it exactly once per optimization step.
    /// </summary>
    torch.Tensor Losses(torch.Tensor parameters);
}
