using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// An optimizer as evaluation sees it: given the gradient at θ ([problems, coordinates]) it returns the step to
/// add to θ, keeping whatever state it needs (moments, LSTM states). Called under no_grad.
/// </summary>
public interface IUpdateRule : IDisposable
{
    Tensor Step(Tensor gradient);

    /// <summary>The step from the gradient and θ of the same shape, for rules that look at θ (the MLP optimizer).</summary>
    Tensor Step(Tensor gradient, Tensor parameters) => Step(gradient);
}
