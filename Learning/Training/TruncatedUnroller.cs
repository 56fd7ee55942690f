using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Owns one batch of problems across truncations and turns φ into a meta-gradient: it unrolls the learned
/// optimizer for <c>unroll</c> steps from where the last truncation stopped, backpropagates the meta-loss to φ
/// and keeps θ and the LSTM states (detached) for the next call. After the horizon it samples fresh problems;
/// problem k of episode e is <see cref="ProblemSets.Training"/>(seed, e, firstProblem + k), so any split of the problems over
/// unrollers sees exactly the problems one unroller would. An episode lasts the horizon, or as long as the run's
/// truncation schedule says (<see cref="EpisodeSchedule.RunEpisodeLength"/>). Not thread-safe: one device thread drives it.
/// </summary>
public sealed class TruncatedUnroller : IMetaGradientSource
{
    /// <summary>
    /// Coordinate-steps per truncation from which the written-out backward is taken on the CPU. Below, autograd's native
    /// backward is faster (quadratics of 10,240 rows × 20 steps: 20.6 s against 24.3 s for 60 iterations; of 40,960 rows:
    /// 36.7 s against 40.8 s for 20). Above, autograd's graph of every step of every row and every optimizee outgrows the
    /// machine: Fashion-MNIST with 16 networks per iteration peaks at 17.4 GB with autograd and 3.5–3.7 GB written out,
    /// its first iteration takes 40–51 s against 14–16 s, and later ones are level (9.6–10.4 s against 10.1–11.0 s);
    /// quadratics of 163,840 rows: 72.8 s against 42.7 s for 6 iterations, 11.1 GB against 2.5 GB (docs/performance.md).
    /// </summary>
    public const long WrittenOutFromCoordinateSteps = 1L << 20;

    private readonly MetaTrainingSpec _spec;
    private readonly IProblemFamily _family;
    private readonly OptimizerNetworks _networks;
    private readonly NetworkRouting _routing;
    private readonly Device _device;
    private readonly int _firstProblem;
    private readonly int _problemCount;
    private readonly EpisodeSchedule _schedule;
    private readonly CoordinatewiseLstm? _writtenOut;
    private OptimizeeTrajectory? _trajectory;
    private int _episodeLength;

    /// <param name="backward">How ∂L/∂φ is taken; <see cref="TruncationBackward.Fastest"/> unless a test compares the two.</param>
    public TruncatedUnroller(MetaTrainingSpec spec, IProblemFamily family, Device device, int firstProblem, int problemCount, long episode = 0, TruncationBackward backward = TruncationBackward.Fastest)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentOutOfRangeException.ThrowIfNegative(firstProblem);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(problemCount);
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        _spec = spec.Validate();
        _family = family;
        _networks = spec.Networks();
        _routing = NetworkRouting.For(spec.ParameterGroups, family);
        _device = device;
        _firstProblem = firstProblem;
        _problemCount = problemCount;
        _schedule = new EpisodeSchedule(spec);
        NextEpisode = episode;

        var writtenOutApplies = !spec.SecondOrder && _networks.SingleLstm is not null;
        var writtenOutPays = device.type == DeviceType.CPU && (long)spec.Unroll * problemCount * family.CoordinatesPerProblem >= WrittenOutFromCoordinateSteps;
        _writtenOut = writtenOutApplies && (backward == TruncationBackward.WrittenOut || (backward == TruncationBackward.Fastest && writtenOutPays)) ? _networks.SingleLstm : null;
    }

    /// <summary>The episode the next fresh problems will belong to.</summary>
    public long NextEpisode { get; private set; }

    /// <summary>Steps taken in the current episode (0 when fresh problems are due).</summary>
    public int StepInHorizon => _trajectory?.Step ?? 0;

    /// <summary>Where the next unroll starts: the episode and the step within it.</summary>
    public (long Episode, int StepInHorizon) Position => _trajectory is null ? (NextEpisode, 0) : (NextEpisode - 1, _trajectory.Step);

    public int FirstProblem => _firstProblem;

    public int ProblemCount => _problemCount;

    /// <summary>The episode of the last truncation and the step it reached (its episode's length when that ended it).</summary>
    public (long Episode, int Step) Reported => (NextEpisode - 1, StepInHorizon == 0 ? _episodeLength : StepInHorizon);

    /// <summary>The truncation's gradient as a coordinator applies it: through the same weighted average.</summary>
    public MetaGradient Estimate(float[] phi, int iteration) => MetaGradient.Average([Unroll(phi)]);

    public MetaGradient Unroll(ReadOnlySpan<float> phiValues)
    {
        if (phiValues.Length != _networks.ParameterCount)
        {
            throw new ArgumentException($"φ has {phiValues.Length} values; the architecture needs {_networks.ParameterCount}.", nameof(phiValues));
        }

        var trajectory = CurrentTrajectory();
        var steps = Math.Min(_spec.Unroll, _episodeLength - trajectory.Step);
        using var scope = NewDisposeScope();
        var phi = tensor(phiValues.ToArray(), device: _device);
        double WeightOfStep(int step) => _spec.LossWeighting.Weight(trajectory.Step + step, _episodeLength);
        var outcome = _writtenOut is { } lstm
            ? WrittenOutTruncation.Run(lstm, phi, trajectory, steps, WeightOfStep)
            : AutogradTruncation(phi.requires_grad_(true), trajectory, steps, WeightOfStep);
        if (!float.IsFinite(outcome.MetaLoss))
        {
            // Diverged problems cannot recover; the next call starts a fresh episode.
            EndEpisode();
            return new MetaGradient(new float[phiValues.Length], outcome.MetaLoss, outcome.FinalLoss, _problemCount, steps, outcome.Parameters.numel(), IsFinite: false);
        }

        var phiGradient = outcome.PhiGradient();
        var isFinite = FloatVectors.AllFinite(phiGradient);
        trajectory.Advance(outcome.Parameters, outcome.Gradient, outcome.State, steps);
        if (trajectory.Step >= _episodeLength)
        {
            EndEpisode();
        }

        return new MetaGradient(isFinite ? phiGradient : new float[phiGradient.Length], outcome.MetaLoss, outcome.FinalLoss, _problemCount, steps, outcome.Parameters.numel(), isFinite);
    }

    public void Dispose() => _trajectory?.Dispose();

    /// <summary>The truncation through autograd: the step's graph kept to the end, then one backward pass to φ.</summary>
    private TruncationOutcome AutogradTruncation(Tensor phi, OptimizeeTrajectory trajectory, int steps, Func<int, double> weightOfStep)
    {
        var weights = _networks.Bind(phi);
        var parameters = trajectory.Parameters;
        var gradient = trajectory.Gradient;
        var state = trajectory.State;
        Tensor? metaLoss = null;
        Tensor? meanLoss = null;
        for (var step = 1; step <= steps; step++)
        {
            var (update, next) = _networks.Step(weights, _routing, gradient, parameters, state);
            state = next;
            parameters = parameters + update;
            var (losses, nextGradient) = ProblemGradients.Evaluate(trajectory.Batch, parameters, createGraph: _spec.SecondOrder, retainGraph: true);
            gradient = nextGradient;
            meanLoss = losses.mean();
            var weighted = meanLoss * weightOfStep(step);
            metaLoss = metaLoss is null ? weighted : metaLoss + weighted;
        }

        return new TruncationOutcome(parameters, gradient, state, metaLoss!.item<float>(), meanLoss!.item<float>(), () => autograd.grad([metaLoss], [phi])[0].data<float>().ToArray());
    }

    private OptimizeeTrajectory CurrentTrajectory()
    {
        if (_trajectory is null)
        {
            var batch = _family.Sample(ProblemSets.Training(_spec.Seed, NextEpisode, _firstProblem, _problemCount), _device);
            _trajectory = OptimizeeTrajectory.Start(batch, _networks, _device);
            _episodeLength = _schedule.RunEpisodeLength(NextEpisode);
            NextEpisode++;
        }

        return _trajectory;
    }

    private void EndEpisode()
    {
        _trajectory?.Dispose();
        _trajectory = null;
    }
}
