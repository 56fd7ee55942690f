using L2LCluster.Learning.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Where a truncation left its problems (θ, the gradient the optimizer sees next, the optimizer's state: tensors in the
/// caller's dispose scope), its meta-loss and last mean loss, and ∂L/∂φ, taken only when asked: a diverged truncation
/// never needs it.
/// </summary>
internal sealed record TruncationOutcome(Tensor Parameters, Tensor Gradient, CoordinateState State, float MetaLoss, float FinalLoss, Func<float[]> PhiGradient);
