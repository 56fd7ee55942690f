using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A problem batch that knows its losses' gradient in closed form. Where no graph is wanted (evaluation, the
/// forward-only estimators, the first gradient of an episode), <see cref="ProblemGradients"/> takes both from here
/// instead of building an autograd graph and walking it back.
/// </summary>
public interface IClosedFormGradient
{
    /// <summary>
    /// Each problem's loss at <paramref name="parameters"/> ([problems]) and its gradient there ([problems, coordinates]),
    /// with no graph; as <see cref="IProblemBatch.Losses"/>, it is called exactly once per optimization step.
    /// </summary>
    (Tensor Losses, Tensor Gradient) LossesAndGradient(Tensor parameters);
}
