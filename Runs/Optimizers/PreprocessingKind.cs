namespace L2LCluster.Runs.Optimizers;

[GenerateSerializer]
public enum PreprocessingKind
{
    /// <summary>The raw gradient is the LSTM's single input feature.</summary>
    None,

    /// <summary>The paper's appendix A: log-magnitude and sign, two input features.</summary>
    LogAndSign,
}
