using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The worker's side of ES and PES: it holds some of a run's particles and unrolls each for one truncation under
/// φ + σz and φ − σz, z its window of the iteration's noise, forward only: the learned optimizer's steps run under
/// no_grad and the only gradients taken are the optimizees' own, one step at a time, so memory stays flat in the
/// unroll length. All the held particles' rows step together, one bmm per LSTM layer with one φ per branch. A
/// particle's problems are its own, the same for both signs; its state carries across truncations (both signs apart
/// for PES, from the +ε state for ES) and starts afresh when its clock ends an episode. It answers the loss
/// differences only. Not thread-safe: one device thread drives it.
/// </summary>
public sealed class ParticleUnroller : IDisposable
{
    private readonly MetaTrainingSpec _spec;
    private readonly EvolutionStrategy _strategy;
    private readonly IProblemFamily _family;
    private readonly OptimizerNetworks _networks;
    private readonly EpisodeSchedule _schedule;
    private readonly Device _device;
    private readonly AntitheticBranches _branches;
    private List<Particle> _particles = [];
    private ParticleRows? _rows;

    public ParticleUnroller(MetaTrainingSpec spec, IProblemFamily family, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(family);
        _spec = spec.Validate();
        _strategy = spec.Estimator ?? throw new ArgumentException("The spec asks for no evolution strategy.", nameof(spec));
        _branches = new AntitheticBranches(_strategy.Sigma);
        _family = family;
        _networks = spec.Networks();
        _schedule = new EpisodeSchedule(spec);
        _device = device;
    }

    /// <summary>The slots held, by particle index.</summary>
    public IReadOnlyList<ParticleSlot> Slots => [.. _particles.Select(particle => particle.Clock.Slot)];

    /// <summary>Rows of one particle: its problems under +ε, then under −ε.</summary>
    private int RowsPerParticle => 2 * _spec.Problems;

    /// <summary>
    /// The LSTM steps the held particles in chunks of about this many coordinates: all of them at once would be one
    /// bmm per layer, but a step's gates and states over millions of rows go through main memory a dozen times, where
    /// a chunk's stay in the cache (a Fashion-MNIST MLP has 15,910 coordinates per sign).
    /// </summary>
    private const long RowsPerChunk = 1 << 15;

    /// <summary>
    /// Holds exactly <paramref name="slots"/>: a particle already held in the same slot goes on from where it stands,
    /// any other is dropped, and a new slot starts cold.
    /// </summary>
    public void Hold(IReadOnlyList<ParticleSlot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var wanted = slots.OrderBy(slot => slot.Particle).ToArray();
        if (wanted.SequenceEqual(Slots))
        {
            return;
        }

        var held = _particles.Select((particle, index) => (particle, index)).ToDictionary(entry => entry.particle.Clock.Slot);
        // Problems are sampled outside every dispose scope: a batch's tensors live as long as its episode.
        var started = wanted.Where(slot => !held.ContainsKey(slot)).ToDictionary(slot => slot, slot =>
        {
            var clock = new ParticleClock(_schedule, slot);
            return new Particle(clock, Sample(slot, clock.Episode));
        });
        using var scope = NewDisposeScope();
        var particles = new List<Particle>(wanted.Length);
        var rows = new List<ParticleRows>(wanted.Length);
        foreach (var slot in wanted)
        {
            if (held.Remove(slot, out var kept))
            {
                particles.Add(kept.particle);
                rows.Add(_rows!.Particles(kept.index, 1, RowsPerParticle));
            }
            else
            {
                particles.Add(started[slot]);
                rows.Add(Start(started[slot].Batch));
            }
        }

        foreach (var (dropped, _) in held.Values)
        {
            dropped.Batch.Dispose();
        }

        var next = rows.Count == 0 ? null : ParticleRows.Concatenate(rows).DetachFromDisposeScope();
        _rows?.Dispose();
        _rows = next;
        _particles = particles;
    }

    /// <summary>One truncation of every held particle under φ ± σz, z drawn from <paramref name="noiseSeed"/>; the particles' clocks move on.</summary>
    public ParticleTruncation Unroll(ReadOnlySpan<float> phi, ulong noiseSeed, int iteration)
    {
        if (phi.Length != _networks.ParameterCount)
        {
            throw new ArgumentException($"φ has {phi.Length} values; the architecture needs {_networks.ParameterCount}.", nameof(phi));
        }

        if (_particles.Count == 0 || _rows is null)
        {
            throw new InvalidOperationException("This worker holds no particles of the run; it can take some when it is assigned them.");
        }

        RefuseStaleParticles(iteration);
        var plans = _particles.Select(particle => particle.Clock.Advance(_spec.Unroll)).ToArray();
        var nextBatches = NextEpisodes(plans);
        try
        {
            return Unroll(phi, noiseSeed, iteration, plans, nextBatches);
        }
        finally
        {
            foreach (var unused in nextBatches.Values)
            {
                unused.Dispose();
            }
        }
    }

    private ParticleTruncation Unroll(ReadOnlySpan<float> phi, ulong noiseSeed, int iteration, TruncationSteps[] plans, Dictionary<(int Particle, int Step), IProblemBatch> nextBatches)
    {
        var count = _particles.Count;
        var unroll = _spec.Unroll;
        using var scope = NewDisposeScope();
        var branches = tensor(_branches.Of(phi, noiseSeed, [.. _particles.Select(particle => particle.Clock.Slot.Particle)]), [2L * count, phi.Length], device: _device);
        var chunks = Chunks().Select(chunk => (chunk.First, chunk.Count, Weights: _networks.Bind(branches.narrow(0, 2L * chunk.First, 2L * chunk.Count)))).ToArray();
        var held = _rows!;
        if (!_strategy.IsPersistent)
        {
            held.ShareThePlusState(count);
        }

        var losses = new TruncationLosses(_spec, plans, _device);
        var rows = held;
        for (var step = 0; step < unroll; step++)
        {
            using var stepScope = NewDisposeScope();
            var next = Step(chunks, rows, out var stepLosses);
            losses.Add(step, stepLosses.view(count, 2, _spec.Problems).mean([2]));
            StartEndedEpisodes(next, nextBatches, step);
            next.MoveToOuterDisposeScope();
            if (!ReferenceEquals(rows, held))
            {
                rows.Dispose();
            }

            rows = next;
        }

        var truncation = losses.Truncation((long)count * RowsPerParticle * _family.CoordinatesPerProblem);
        held.Dispose();
        _rows = rows.DetachFromDisposeScope();
        foreach (var particle in _particles)
        {
            particle.LastIteration = iteration;
        }

        return truncation;
    }

    public void Dispose()
    {
        foreach (var particle in _particles)
        {
            particle.Batch.Dispose();
        }

        _particles = [];
        _rows?.Dispose();
        _rows = null;
    }

    /// <summary>The held particles in consecutive chunks of at most <see cref="RowsPerChunk"/> LSTM rows (at least one particle each).</summary>
    private IEnumerable<(int First, int Count)> Chunks()
    {
        var perChunk = (int)Math.Clamp(RowsPerChunk / ((long)RowsPerParticle * _family.CoordinatesPerProblem), 1, _particles.Count);
        for (var first = 0; first < _particles.Count; first += perChunk)
        {
            yield return (first, Math.Min(perChunk, _particles.Count - first));
        }
    }

    /// <summary>A particle that did not serve the previous iteration has missed a truncation: it is dropped and the call refused.</summary>
    private void RefuseStaleParticles(int iteration)
    {
        var stale = _particles.Where(particle => particle.LastIteration != 0 && particle.LastIteration != iteration - 1).ToArray();
        if (stale.Length > 0)
        {
            Hold(Slots.Except(stale.Select(particle => particle.Clock.Slot)).ToArray());
            throw new InvalidOperationException(
                $"This worker's particles {string.Join(", ", stale.Select(particle => particle.Clock.Slot.Particle))} last served iteration {stale[0].LastIteration}, not {iteration - 1}; they start again when they are assigned anew.");
        }
    }

    /// <summary>One optimization step of every row, each branch under its own φ; the losses after it, [rows].</summary>
    private ParticleRows Step((int First, int Count, IReadOnlyList<NetworkWeights> Weights)[] chunks, ParticleRows rows, out Tensor losses)
    {
        Tensor parameters;
        CoordinateState state;
        using (no_grad())
        {
            var stepped = chunks.Select(chunk =>
            {
                var own = chunks.Length == 1 ? rows : rows.Particles(chunk.First, chunk.Count, RowsPerParticle);
                var (update, next) = _networks.Step(chunk.Weights, NetworkRouting.Single, own.Gradient, own.Parameters, own.State);
                return (Parameters: own.Parameters + update, State: next);
            }).ToArray();
            parameters = stepped.Length == 1 ? stepped[0].Parameters : cat(stepped.Select(chunk => chunk.Parameters).ToArray(), 0);
            state = stepped.Length == 1 ? stepped[0].State : CoordinateState.Concatenate([.. stepped.Select(chunk => chunk.State)]);
        }

        var lossParts = new Tensor[_particles.Count];
        var gradientParts = new Tensor[_particles.Count];
        for (var index = 0; index < _particles.Count; index++)
        {
            var own = (_particles.Count == 1 ? parameters : parameters.narrow(0, (long)index * RowsPerParticle, RowsPerParticle)).detach().requires_grad_(true);
            var (particleLosses, gradient) = ProblemGradients.Evaluate(_particles[index].Batch, own, createGraph: false, retainGraph: false);
            lossParts[index] = particleLosses.detach();
            gradientParts[index] = gradient;
        }

        losses = lossParts.Length == 1 ? lossParts[0] : cat(lossParts, 0);
        return new ParticleRows(parameters, gradientParts.Length == 1 ? gradientParts[0] : cat(gradientParts, 0), state);
    }

    /// <summary>The problems of every episode that begins within the truncation, sampled before its tensor work (and its dispose scopes) begin.</summary>
    private Dictionary<(int Particle, int Step), IProblemBatch> NextEpisodes(TruncationSteps[] plans)
    {
        var batches = new Dictionary<(int Particle, int Step), IProblemBatch>();
        for (var index = 0; index < plans.Length; index++)
        {
            for (var step = 0; step < plans[index].Steps.Length; step++)
            {
                if (plans[index].EndsEpisode(step))
                {
                    batches[(index, step)] = Sample(_particles[index].Clock.Slot, plans[index].Episodes[step] + 1);
                }
            }
        }

        return batches;
    }

    /// <summary>Every particle whose episode ended at this step takes its next episode's problems, in place of its rows.</summary>
    private void StartEndedEpisodes(ParticleRows rows, Dictionary<(int Particle, int Step), IProblemBatch> nextBatches, int step)
    {
        for (var index = 0; index < _particles.Count; index++)
        {
            if (nextBatches.Remove((index, step), out var batch))
            {
                _particles[index].Batch.Dispose();
                _particles[index].Batch = batch;
                rows.Overwrite(index, RowsPerParticle, Start(batch));
            }
        }
    }

    /// <summary>The problems of <paramref name="episode"/> of the slot, both signs: the same seeds twice.</summary>
    private IProblemBatch Sample(ParticleSlot slot, int episode)
    {
        var seeds = ProblemSets.Particle(_spec.Seed, slot, episode, _spec.Problems);
        return _family.Sample([.. seeds, .. seeds], _device);
    }

    /// <summary>A batch's rows at θ₀, with the gradient there and zero LSTM states.</summary>
    private ParticleRows Start(IProblemBatch batch)
    {
        var initial = batch.InitialParameters().requires_grad_(true);
        var (_, gradient) = ProblemGradients.Evaluate(batch, initial, createGraph: false, retainGraph: false);
        return ParticleRows.Fresh(initial.detach(), gradient, _networks, _device);
    }

    /// <summary>A held particle: its clock, the problems of its current episode and the last iteration it served (0: none yet).</summary>
    private sealed class Particle(ParticleClock clock, IProblemBatch batch)
    {
        public ParticleClock Clock { get; } = clock;

        public IProblemBatch Batch { get; set; } = batch;

        public int LastIteration { get; set; }
    }
}
