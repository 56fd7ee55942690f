using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// The MLP optimizer's inputs per coordinate and the accumulators behind them: the gradient g, the parameter θ, momenta
/// m_k at each β₁ in <see cref="MomentumDecays"/>, the second moment v at β₂ = <see cref="SecondMomentDecay"/> as √v,
/// the rsqrt-normalized momenta m_k/√(v+ε) and 1/√(v+ε); each divided by its root mean square over the row's
/// coordinates (per problem), so the network sees the same scale on every problem. Then the training progress,
/// tanh(t/τ − 1) at each τ in <see cref="Timescales"/>, the same for every coordinate and not normalized. The state per
/// coordinate is [m_k…], [v] and the step count t.
/// </summary>
public static class MlpFeatures
{
    public static IReadOnlyList<double> MomentumDecays { get; } = [0.1, 0.5, 0.9, 0.99, 0.999];

    public const double SecondMomentDecay = 0.999;

    public static IReadOnlyList<double> Timescales { get; } = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000];

    /// <summary>Keeps rsqrt finite where the second moment is zero (θ₀, or a coordinate with no gradient).</summary>
    private const double MomentEpsilon = 1e-8;

    /// <summary>Keeps the per-row normalization finite where a feature is zero on every coordinate.</summary>
    private const double NormalizerEpsilon = 1e-5;

    /// <summary>Normalized features: g, θ, the momenta, √v, the normalized momenta, 1/√(v+ε).</summary>
    private static int NormalizedFeatures => 2 + MomentumDecays.Count + 1 + MomentumDecays.Count + 1;

    /// <summary>Every input of one coordinate: <see cref="OptimizerArchitecture.MlpInputFeatures"/>.</summary>
    public static int Count => NormalizedFeatures + Timescales.Count;

    public static CoordinateState InitialState(long coordinates, Device device, ScalarType dtype) =>
        new([zeros(coordinates, MomentumDecays.Count, dtype: dtype, device: device), zeros(coordinates, 1, dtype: dtype, device: device), zeros(coordinates, 1, dtype: dtype, device: device)], []);

    /// <summary>
    /// The features [rows × columns, <see cref="Count"/>] of gradients and parameters [rows, columns], from the state
    /// before with the accumulators updated by this gradient; and that updated state.
    /// </summary>
    public static (Tensor Features, CoordinateState State) Compute(Tensor gradient, Tensor parameters, CoordinateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Hidden.Length != 3 || state.Cell.Length != 0 || state.Hidden[0].shape[0] != gradient.numel())
        {
            throw new ArgumentException($"The MLP optimizer's state must hold momenta, second moment and step for each of the {gradient.numel()} coordinates.", nameof(state));
        }

        var rows = gradient.shape[0];
        var columns = gradient.shape[1];
        var g = gradient.reshape(-1, 1);
        var decays = tensor(MomentumDecays.ToArray(), dtype: gradient.dtype, device: gradient.device);
        var momenta = (state.Hidden[0] * decays) + (g * (1.0 - decays));
        var second = (state.Hidden[1] * SecondMomentDecay) + (g.square() * (1.0 - SecondMomentDecay));
        var step = state.Hidden[2] + 1.0;
        var rsqrt = (second + MomentEpsilon).rsqrt();
        var normalized = cat([g, parameters.reshape(-1, 1), momenta, (second + MomentEpsilon).sqrt(), momenta * rsqrt, rsqrt], 1).view(rows, columns, NormalizedFeatures);
        normalized = normalized * (normalized.square().mean([1], keepdim: true) + NormalizerEpsilon).rsqrt();
        var timescales = tensor(Timescales.ToArray(), dtype: gradient.dtype, device: gradient.device);
        var progress = ((state.Hidden[2] / timescales) - 1.0).tanh();
        var features = cat([normalized.view(-1, NormalizedFeatures), progress], 1);
        return (features, new CoordinateState([momenta, second, step], []));
    }
}
