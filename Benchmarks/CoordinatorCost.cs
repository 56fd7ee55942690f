namespace L2LCluster.Benchmarks;

/// <summary>The coordinator's own work per meta-iteration with a given number of workers, and its traffic.</summary>
/// <param name="RepeatMilliseconds">Mean milliseconds per iteration in each timed repeat.</param>
/// <param name="RequestBytes">Serialized requests per iteration: one per worker, each with all of φ.</param>
/// <param name="AnswerBytes">Serialized answers per iteration: one gradient the size of φ per worker.</param>
/// <param name="CodecMilliseconds">
/// What Orleans would add on the coordinator's silo per iteration if every worker were remote: serializing the
/// requests and deserializing the answers, from the median per-message times. Zero on one silo, where nothing is
/// serialized.
/// </param>
/// <param name="Collections">Garbage collections during all the timed iterations together.</param>
/// <param name="Estimator">tbptt, or es and pes with one particle per simulated worker.</param>
internal sealed record CoordinatorCost(
    int Workers,
    IReadOnlyList<double> RepeatMilliseconds,
    long RequestBytes,
    long AnswerBytes,
    double CodecMilliseconds,
    GcCounts Collections,
    string Estimator = "tbptt")
{
    public Spread MillisecondsPerIteration => Spread.Of(RepeatMilliseconds);

    /// <summary>5 ms up to 256 workers, 10 ms beyond: small against an unroll, which takes tens of milliseconds or more.</summary>
    public double TargetMilliseconds => Workers <= 256 ? 5 : 10;

    public bool MeetsTarget => MillisecondsPerIteration.Median < TargetMilliseconds;
}
