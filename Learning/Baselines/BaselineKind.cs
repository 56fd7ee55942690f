namespace L2LCluster.Learning.Baselines;

/// <summary>The paper's hand-designed optimizers, with Torch7's defaults for everything but the learning rate.</summary>
public enum BaselineKind
{
    /// <summary>θ ← θ − η g.</summary>
    Sgd,

    /// <summary>Nesterov momentum 0.9, as PyTorch's SGD(nesterov=True).</summary>
    Nag,

    /// <summary>RMSprop with α = 0.99, ε = 1e-8.</summary>
    RmsProp,

    /// <summary>Adam with β = (0.9, 0.999), ε = 1e-8.</summary>
    Adam,
}
