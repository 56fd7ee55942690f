namespace L2LCluster.Runs.Optimizers;

[GenerateSerializer]
public enum PreprocessingKind
{
    /// <summary>The raw gradient is the LSTM's single input feature.</summary>
    None,

    /// <summary>The paper's appendix A: log-magnitude and sign, two input features.</summary>
    LogAndSign,

    /// <summary>
    /// RNNprop's inputs (Lv, Chen and Wang 2017): Adam's bias-corrected moments as m̂/(√v̂ + ε) and g/(√v̂ + ε), two
    /// features that do not change when the loss is scaled; the accumulators join the LSTM's state per coordinate.
    /// </summary>
    Rnnprop,
}
