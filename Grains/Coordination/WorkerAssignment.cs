namespace L2LCluster.Grains.Coordination;

/// <summary>A worker's share of the run's problems for an episode.</summary>
public sealed record WorkerAssignment(string WorkerKey, int FirstProblem, int ProblemCount)
{
    /// <summary>Splits <paramref name="problems"/> over the workers as evenly as possible, in key order.</summary>
    public static List<WorkerAssignment> Split(IEnumerable<string> workerKeys, int problems)
    {
        var workers = workerKeys.Order(StringComparer.Ordinal).Take(problems).ToArray();
        var assignments = new List<WorkerAssignment>(workers.Length);
        var first = 0;
        for (var index = 0; index < workers.Length; index++)
        {
            var count = (problems / workers.Length) + (index < problems % workers.Length ? 1 : 0);
            assignments.Add(new WorkerAssignment(workers[index], first, count));
            first += count;
        }

        return assignments;
    }
}
