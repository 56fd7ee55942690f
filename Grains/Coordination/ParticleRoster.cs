using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// Which worker holds which particles of an ES or PES run, and what each was last told to hold. At the start every
/// particle is placed, in contiguous ranges over the workers in key order; a worker that is dropped leaves its
/// particles without a worker, and the next placement gives them to the live workers with the fewest; a worker that
/// joins takes particles from the busiest when the roster is rebalanced. Plain collections: tested without Orleans.
/// </summary>
public sealed class ParticleRoster(int particles)
{
    private readonly Dictionary<int, string> _holders = [];
    private readonly Dictionary<string, ParticleSlot[]> _told = new(StringComparer.Ordinal);

    /// <summary>The workers holding particles, in key order.</summary>
    public IReadOnlyList<string> Workers => [.. _holders.Values.Distinct().Order(StringComparer.Ordinal)];

    public bool HasUnplaced => _holders.Count < particles;

    /// <summary>The particles <paramref name="worker"/> holds, in index order: the order of its answer's differences.</summary>
    public IReadOnlyList<int> ParticlesOf(string worker) => [.. _holders.Where(entry => entry.Value == worker).Select(entry => entry.Key).Order()];

    /// <summary>Gives every particle without a worker to <paramref name="workers"/>: contiguous ranges when none is placed yet, else to the least loaded.</summary>
    public void Place(IReadOnlyCollection<string> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Count == 0)
        {
            return;
        }

        if (_holders.Count == 0)
        {
            foreach (var range in WorkerAssignment.Split(workers, particles))
            {
                for (var particle = range.FirstProblem; particle < range.FirstProblem + range.ProblemCount; particle++)
                {
                    _holders[particle] = range.WorkerKey;
                }
            }

            return;
        }

        var loads = workers.ToDictionary(worker => worker, worker => _holders.Values.Count(holder => holder == worker), StringComparer.Ordinal);
        foreach (var particle in Enumerable.Range(0, particles).Where(particle => !_holders.ContainsKey(particle)))
        {
            var least = loads.OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).First().Key;
            _holders[particle] = least;
            loads[least]++;
        }
    }

    /// <summary>
    /// Moves particles from the busiest workers to live ones that hold few or none, until no two differ by more than
    /// one; the particles moved (which start again, cold, on their new worker).
    /// </summary>
    public IReadOnlyList<int> Rebalance(IReadOnlyCollection<string> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var loads = workers.ToDictionary(worker => worker, worker => ParticlesOf(worker).ToList(), StringComparer.Ordinal);
        var moved = new List<int>();
        while (loads.Count > 0)
        {
            var busiest = loads.OrderByDescending(entry => entry.Value.Count).ThenBy(entry => entry.Key, StringComparer.Ordinal).First();
            var idlest = loads.OrderBy(entry => entry.Value.Count).ThenBy(entry => entry.Key, StringComparer.Ordinal).First();
            if (busiest.Value.Count - idlest.Value.Count <= 1)
            {
                break;
            }

            var particle = busiest.Value[^1];
            busiest.Value.RemoveAt(busiest.Value.Count - 1);
            idlest.Value.Add(particle);
            _holders[particle] = idlest.Key;
            moved.Add(particle);
        }

        return moved;
    }

    /// <summary>The worker is gone: its particles have none until the next placement.</summary>
    public void Drop(string worker)
    {
        foreach (var particle in ParticlesOf(worker))
        {
            _holders.Remove(particle);
        }

        _told.Remove(worker);
    }

    /// <summary>Every worker whose particles' slots (<paramref name="slots"/>, by particle) differ from what it was last told, with what it is to hold now.</summary>
    public IReadOnlyList<(string Worker, ParticleSlot[] Slots)> Changed(IReadOnlyList<ParticleSlot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        return [.. Workers
            .Select(worker => (Worker: worker, Slots: ParticlesOf(worker).Select(particle => slots[particle]).ToArray()))
            .Where(entry => !_told.TryGetValue(entry.Worker, out var told) || !told.SequenceEqual(entry.Slots))];
    }

    /// <summary>The worker now holds these slots.</summary>
    public void Told(string worker, ParticleSlot[] slots) => _told[worker] = slots;
}
