using System.Numerics;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// What an ES or PES run keeps beside φ, the same in the single-process trainer and in a coordinator: every particle's
/// slot and clock, PES's accumulated perturbations ξ, and the estimate ĝ = Σ w (L⁺ − L⁻) / (2Kσ²) over the K particles
/// that answered, with w = ε for ES, and for PES ξ + ε over the episode that was under way and ε over one that began in
/// the truncation. ε is rebuilt from the iteration's noise seed (<see cref="PerturbationNoise"/>), so answers carry
/// only loss differences. A particle lost or diverged starts again, cold, in a new slot. Plain arrays, no libtorch.
/// </summary>
public sealed class ParticleLedger
{
    private readonly MetaTrainingSpec _spec;
    private readonly EvolutionStrategy _strategy;
    private readonly EpisodeSchedule _schedule;
    private readonly ParticleClock[] _clocks;

    /// <summary>PES: each particle's Σ z over its episode so far (ξ in units of σ).</summary>
    private readonly float[][] _accumulated;

    /// <summary>A ledger of every particle starting cold at <paramref name="firstIteration"/>.</summary>
    public ParticleLedger(MetaTrainingSpec spec, int firstIteration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec.Validate();
        _strategy = spec.Estimator ?? throw new ArgumentException("The spec asks for no evolution strategy.", nameof(spec));
        _schedule = new EpisodeSchedule(spec);
        _clocks = [.. Enumerable.Range(0, _strategy.Perturbations).Select(particle => new ParticleClock(_schedule, new ParticleSlot(particle, firstIteration)))];
        _accumulated = _strategy.IsPersistent ? [.. _clocks.Select(_ => new float[spec.ParameterCount])] : [];
    }

    /// <summary>Every particle's slot, by index.</summary>
    public IReadOnlyList<ParticleSlot> Slots => [.. _clocks.Select(clock => clock.Slot)];

    public ParticleClock ClockOf(int particle) => _clocks[particle];

    /// <summary>
    /// ĝ of iteration <paramref name="iteration"/> from every particle's differences (in index order, NaN for one that
    /// was lost), and every particle moved on past the truncation. Not finite when no particle answered.
    /// </summary>
    public MetaGradient Estimate(int iteration, ParticleTruncation truncation)
    {
        ArgumentNullException.ThrowIfNull(truncation);
        if (truncation.Particles != _clocks.Length)
        {
            throw new ArgumentException($"The truncation has {truncation.Particles} particles; the run has {_clocks.Length}.", nameof(truncation));
        }

        var length = _spec.ParameterCount;
        var sum = new double[length];
        var noiseSeed = PerturbationNoise.Seed(_spec.Seed, iteration);
        var contributing = 0;
        for (var particle = 0; particle < _clocks.Length; particle++)
        {
            var (continuing, fresh) = (truncation.Differences[2 * particle], truncation.Differences[(2 * particle) + 1]);
            if (!double.IsFinite(continuing) || !double.IsFinite(fresh))
            {
                Restart(particle, iteration);
                continue;
            }

            var carry = _clocks[particle].Advance(_spec.Unroll).Carry;
            var noise = PerturbationNoise.Of(noiseSeed, particle, length);
            if (_strategy.IsPersistent)
            {
                Accumulate(sum, _accumulated[particle], noise, continuing, fresh, carry);
            }
            else
            {
                FloatVectors.AddScaled(sum, noise, continuing + fresh);
            }

            contributing++;
        }

        var gradient = new float[length];
        var scale = contributing == 0 ? 0.0 : 1.0 / (2.0 * contributing * _strategy.Sigma);
        for (var index = 0; index < length; index++)
        {
            gradient[index] = (float)(sum[index] * scale);
        }

        var losses = Math.Max(truncation.FiniteParticles, 1);
        return new MetaGradient(
            gradient,
            contributing == 0 ? double.NaN : truncation.MetaLossSum / losses,
            contributing == 0 ? double.NaN : truncation.FinalLossSum / losses,
            2 * _spec.Problems * contributing,
            truncation.Steps,
            truncation.Coordinates,
            contributing > 0 && FloatVectors.AllFinite(gradient));
    }

    /// <summary>
    /// PES, in one SIMD pass over φ: ĝ += (ξ + z)·Δ_continuing + z·Δ_fresh, then ξ becomes what the particle's state has
    /// seen of its episode (ξ + z, z, or nothing). A coordinator runs it once per particle per iteration.
    /// </summary>
    private static void Accumulate(Span<double> sum, Span<float> accumulated, ReadOnlySpan<float> noise, double continuing, double fresh, PerturbationCarry carry)
    {
        var (continuingFactor, freshFactor) = (new Vector<double>(continuing), new Vector<double>(fresh));
        var index = 0;
        for (; index <= noise.Length - Vector<float>.Count; index += Vector<float>.Count)
        {
            var z = new Vector<float>(noise[index..]);
            var seen = new Vector<float>(accumulated[index..]) + z;
            Vector.Widen(seen, out var seenLow, out var seenHigh);
            Vector.Widen(z, out var zLow, out var zHigh);
            var low = sum[index..];
            var high = sum[(index + Vector<double>.Count)..];
            (new Vector<double>(low) + (seenLow * continuingFactor) + (zLow * freshFactor)).CopyTo(low);
            (new Vector<double>(high) + (seenHigh * continuingFactor) + (zHigh * freshFactor)).CopyTo(high);
            (carry switch { PerturbationCarry.Continued => seen, PerturbationCarry.Restarted => z, _ => Vector<float>.Zero }).CopyTo(accumulated[index..]);
        }

        for (; index < noise.Length; index++)
        {
            var seen = accumulated[index] + noise[index];
            sum[index] += (seen * continuing) + (noise[index] * fresh);
            accumulated[index] = carry switch { PerturbationCarry.Continued => seen, PerturbationCarry.Restarted => noise[index], _ => 0f };
        }
    }

    /// <summary>
    /// A new slot for the particle, cold, from the iteration after <paramref name="iteration"/>: a later first iteration
    /// than any it had, so no worker mistakes it for the old one. For a particle moved to another worker, too.
    /// </summary>
    public void Restart(int particle, int iteration)
    {
        var slot = new ParticleSlot(particle, Math.Max(iteration + 1, _clocks[particle].Slot.FirstIteration + 1));
        _clocks[particle] = new ParticleClock(_schedule, slot);
        if (_strategy.IsPersistent)
        {
            Array.Clear(_accumulated[particle]);
        }
    }
}
