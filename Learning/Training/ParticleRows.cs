using L2LCluster.Learning.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The optimizee state of the particles a <see cref="ParticleUnroller"/> holds, as one batch of rows: θ and the gradient
/// at θ ([particles × 2 × problems, coordinates]: each particle's problems under +ε, then the same problems under −ε),
/// and the optimizer's state of every coordinate of those rows. No autograd graph: evolution strategies never backpropagate.
/// </summary>
internal sealed class ParticleRows(Tensor parameters, Tensor gradient, CoordinateState state) : IDisposable
{
    public Tensor Parameters { get; } = parameters;

    public Tensor Gradient { get; } = gradient;

    public CoordinateState State { get; } = state;

    /// <summary>One particle's fresh rows: its problems at θ₀ with the gradient there, and zero LSTM states.</summary>
    public static ParticleRows Fresh(Tensor initial, Tensor gradient, OptimizerNetworks networks, Device device) =>
        new(initial, gradient, networks.InitialState(initial.numel(), device));

    /// <summary>The rows of particles <paramref name="first"/> … + <paramref name="count"/> − 1, each of <paramref name="rowsPerParticle"/> problems (views).</summary>
    public ParticleRows Particles(int first, int count, int rowsPerParticle)
    {
        var coordinates = Parameters.shape[1];
        return new(
            Parameters.narrow(0, (long)first * rowsPerParticle, (long)count * rowsPerParticle),
            Gradient.narrow(0, (long)first * rowsPerParticle, (long)count * rowsPerParticle),
            State.Rows((long)first * rowsPerParticle * coordinates, (long)count * rowsPerParticle * coordinates));
    }

    public static ParticleRows Concatenate(IReadOnlyList<ParticleRows> parts) => new(
        cat(parts.Select(part => part.Parameters).ToArray(), 0),
        cat(parts.Select(part => part.Gradient).ToArray(), 0),
        CoordinateState.Concatenate([.. parts.Select(part => part.State)]));

    /// <summary>Truncated ES: both signs of every particle start the truncation from the +ε state.</summary>
    public void ShareThePlusState(int particles)
    {
        foreach (var tensor in new[] { Parameters, Gradient }.Concat(State.Hidden).Concat(State.Cell))
        {
            var signs = tensor.view(particles, 2, -1);
            signs.select(1, 1).copy_(signs.select(1, 0));
        }
    }

    /// <summary>Writes <paramref name="fresh"/> over one particle's rows (a new episode).</summary>
    public void Overwrite(int particle, int rowsPerParticle, ParticleRows fresh)
    {
        var target = Particles(particle, 1, rowsPerParticle);
        target.Parameters.copy_(fresh.Parameters);
        target.Gradient.copy_(fresh.Gradient);
        foreach (var (mine, theirs) in target.State.Hidden.Concat(target.State.Cell).Zip(fresh.State.Hidden.Concat(fresh.State.Cell)))
        {
            mine.copy_(theirs);
        }
    }

    public ParticleRows MoveToOuterDisposeScope()
    {
        Parameters.MoveToOuterDisposeScope();
        Gradient.MoveToOuterDisposeScope();
        foreach (var tensor in State.Hidden.Concat(State.Cell))
        {
            tensor.MoveToOuterDisposeScope();
        }

        return this;
    }

    /// <summary>Takes the rows out of every dispose scope: their owner disposes them.</summary>
    public ParticleRows DetachFromDisposeScope()
    {
        Parameters.DetachFromDisposeScope();
        Gradient.DetachFromDisposeScope();
        State.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Parameters.Dispose();
        Gradient.Dispose();
        State.Dispose();
    }
}
