namespace L2LCluster.Pretrained;

/// <summary>
/// The trained optimizers this package ships (the ones docs/results/ of the L2LCluster repository reports on), by
/// name: <c>PretrainedOptimizers.FashionMnistMlp.Create(model.parameters())</c>.
/// </summary>
public static class PretrainedOptimizers
{
    /// <summary>LSTM [20, 20] meta-trained on 10-d quadratics ‖Wθ − y‖² (W, y standard normal), 4,000 iterations.</summary>
    public static PretrainedOptimizer Quadratic { get; } = new("quadratic", "10-d quadratics ‖Wθ − y‖², W and y standard normal");

    /// <summary>
    /// LSTM [20, 20] meta-trained on the paper's 784-20-10 sigmoid MLP over Fashion-MNIST (2,500 iterations, best
    /// validated φ); on the test split it beats tuned Adam, RMSprop, SGD and NAG at step 100.
    /// </summary>
    public static PretrainedOptimizer FashionMnistMlp { get; } = new("fashion-mnist-mlp", "the 784-20-10 sigmoid MLP on Fashion-MNIST, minibatches of 128");

    public static IReadOnlyList<PretrainedOptimizer> All { get; } = [Quadratic, FashionMnistMlp];

    /// <summary>The optimizer named <paramref name="name"/> (quadratic, fashion-mnist-mlp).</summary>
    public static PretrainedOptimizer Named(string name) =>
        All.FirstOrDefault(optimizer => string.Equals(optimizer.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No pretrained optimizer is named '{name}'; the package holds {string.Join(", ", All.Select(optimizer => optimizer.Name))}.", nameof(name));
}
