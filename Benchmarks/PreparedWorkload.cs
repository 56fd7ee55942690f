using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Benchmarks;

/// <summary>
/// A workload made ready to time: its family, the warm-up and timed iterations scaled to its size, and the spec of
/// one fresh run of both together.
/// </summary>
internal sealed record PreparedWorkload(BenchmarkWorkload Workload, IProblemFamily Family, int Warmup, int Timed, MetaTrainingSpec Spec)
{
    public static PreparedWorkload Of(BenchmarkWorkload workload, BenchmarkSettings settings)
    {
        var family = workload.CreateFamily();
        var warmup = workload.ScaleIterations(settings.WarmupIterations, family);
        var timed = workload.ScaleIterations(settings.Iterations, family);
        return new PreparedWorkload(workload, family, warmup, timed, BenchmarkSettings.Spec(workload, family, warmup + timed));
    }

    /// <summary>Times a fresh run the baseline's way and then the candidate's, <paramref name="repeats"/> times, reporting each pair.</summary>
    public async Task<IReadOnlyList<PairedRepeat>> PairAsync(
        int repeats, (string Name, Func<Task<RepeatThroughput>> Run) baseline, (string Name, Func<Task<RepeatThroughput>> Run) candidate, string section, TextWriter progress)
    {
        var pairs = new List<PairedRepeat>(repeats);
        for (var repeat = 1; repeat <= repeats; repeat++)
        {
            var pair = new PairedRepeat(await baseline.Run(), await candidate.Run());
            pairs.Add(pair);
            progress.WriteLine($"{section} {Workload.Name}: repeat {repeat}/{repeats}: {baseline.Name} {pair.Baseline.ProblemStepsPerSecond:N0}, {candidate.Name} {pair.Candidate.ProblemStepsPerSecond:N0} problem-steps/s ({pair.Ratio:F3})");
        }

        return pairs;
    }
}
