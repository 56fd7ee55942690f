namespace L2LCluster.Benchmarks;

/// <summary>The parts of the benchmark that --sections can pick, in the order they run.</summary>
public enum BenchmarkSection
{
    /// <summary>The device's matrix-product rate: the ceiling the meta-iteration's FLOP rate is measured against.</summary>
    Ceiling,

    /// <summary>Resident and managed memory over a long run. Before the silo starts, so its host is not sampled.</summary>
    Memory,

    /// <summary>Every workload trained by the single-process trainer and by the embedded cluster, side by side.</summary>
    Throughput,

    /// <summary>Truncated BPTT against forward-only ES on the same problems, in the single-process trainer.</summary>
    Estimators,

    /// <summary>Synchronous against asynchronous training with one worker three times slower than the other.</summary>
    Asynchronous,

    /// <summary>The coordinator alone with simulated workers.</summary>
    Coordinator,

    /// <summary>One step of the learned optimizers (LSTM and MLP) taken home, against TorchSharp's Adam.</summary>
    Optimizers,

    /// <summary>Meta-training from scratch until the optimizer beats tuned Adam on held-out problems: the time to a useful optimizer.</summary>
    Usefulness,
}
