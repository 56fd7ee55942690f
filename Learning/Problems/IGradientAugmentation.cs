using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A batch that changes the gradient its inner batch's losses give, not the losses: <see cref="ProblemGradients"/>
/// differentiates <see cref="Inner"/> (in closed form where it has one) and hands the optimizer <see cref="Transform"/>'s
/// result.
/// </summary>
internal interface IGradientAugmentation
{
    IProblemBatch Inner { get; }

    /// <summary>The gradient the optimizer sees, from the inner gradient [problems, coordinates]; differentiable when it is.</summary>
    Tensor Transform(Tensor gradient);
}
