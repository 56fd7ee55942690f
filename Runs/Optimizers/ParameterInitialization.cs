namespace L2LCluster.Runs.Optimizers;

[GenerateSerializer]
public enum ParameterInitialization
{
    /// <summary>Uniform in ±1/√fan-in (PyTorch's LSTM default), forget-gate bias 1 (Sonnet's forget_bias).</summary>
    Uniform,

    /// <summary>All zeros: the official code's convergence test starts from the zero network.</summary>
    Zeros,
}
