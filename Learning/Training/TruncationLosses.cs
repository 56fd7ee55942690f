using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The meta-losses of one truncation of a <see cref="ParticleUnroller"/>'s particles, per particle and sign, kept apart
/// for the episode each particle was in when the truncation began and for the episodes that began within it (their
/// perturbations weigh differently in PES), weighted as the meta-loss weights each particle's step of its own episode.
/// Accumulated on the device in float64; read once, at the end.
/// </summary>
internal sealed class TruncationLosses
{
    /// <summary>[steps, particles, 1]: a step's meta-loss weight where it belongs to the episode under way, else 0; and the other way round.</summary>
    private readonly Tensor _continuingWeights;
    private readonly Tensor _freshWeights;
    private readonly Tensor _continuingLoss;
    private readonly Tensor _freshLoss;
    private readonly int _steps;
    private Tensor? _finalLoss;

    /// <summary>Tensors in the caller's dispose scope, which outlives the truncation's steps.</summary>
    public TruncationLosses(MetaTrainingSpec spec, TruncationSteps[] plans, Device device)
    {
        _steps = spec.Unroll;
        var continuing = new double[_steps * plans.Length];
        var fresh = new double[_steps * plans.Length];
        for (var step = 0; step < _steps; step++)
        {
            for (var particle = 0; particle < plans.Length; particle++)
            {
                var plan = plans[particle];
                var weight = spec.LossWeighting.Weight(plan.Steps[step], plan.Lengths[step]);
                (step < plan.ContinuingSteps ? continuing : fresh)[(step * plans.Length) + particle] = weight;
            }
        }

        _continuingWeights = tensor(continuing, [_steps, plans.Length, 1], device: device);
        _freshWeights = tensor(fresh, [_steps, plans.Length, 1], device: device);
        _continuingLoss = zeros(plans.Length, 2, dtype: float64, device: device);
        _freshLoss = zeros(plans.Length, 2, dtype: float64, device: device);
    }

    /// <summary>Adds step <paramref name="step"/>'s mean loss of every particle's problems, [particles, 2 signs].</summary>
    public void Add(int step, Tensor meanLosses)
    {
        var losses = meanLosses.to_type(float64);
        _continuingLoss.add_(losses * _continuingWeights[step]);
        _freshLoss.add_(losses * _freshWeights[step]);
        if (step == _steps - 1)
        {
            _finalLoss = losses.MoveToOuterDisposeScope();
        }
    }

    /// <summary>The loss differences of every particle; a particle whose losses are not finite answers NaN and counts in no total.</summary>
    public ParticleTruncation Truncation(long coordinates)
    {
        var continuing = _continuingLoss.cpu().data<double>().ToArray();
        var fresh = _freshLoss.cpu().data<double>().ToArray();
        var final = (_finalLoss ?? throw new InvalidOperationException("The truncation's last step has not been added.")).cpu().data<double>().ToArray();
        var differences = new double[continuing.Length];
        double metaLoss = 0, finalLoss = 0;
        var finite = 0;
        for (var plus = 0; plus < continuing.Length; plus += 2)
        {
            var minus = plus + 1;
            if (!new[] { continuing[plus], continuing[minus], fresh[plus], fresh[minus], final[plus], final[minus] }.All(double.IsFinite))
            {
                differences[plus] = differences[minus] = double.NaN;
                continue;
            }

            differences[plus] = continuing[plus] - continuing[minus];
            differences[minus] = fresh[plus] - fresh[minus];
            metaLoss += (continuing[plus] + continuing[minus] + fresh[plus] + fresh[minus]) / 2;
            finalLoss += (final[plus] + final[minus]) / 2;
            finite++;
        }

        return new ParticleTruncation(differences, metaLoss, finalLoss, finite, _steps, coordinates);
    }
}
