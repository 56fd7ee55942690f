using L2LCluster.Learning.Data;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The images a <see cref="ConvNetProblems"/> family classifies, and the family's name for them: CIFAR-10's 3 × 32 × 32
/// photographs (the paper's §3.3) or Fashion-MNIST's 1 × 28 × 28 grey images (the MLP family's data set).
/// </summary>
public sealed class ConvNetData
{
    private readonly Func<string?, DataSplit, LabeledImages> _load;

    private ConvNetData(string familyName, int channels, int side, string? defaultDirectory, Func<string?, DataSplit, LabeledImages> load)
    {
        FamilyName = familyName;
        Channels = channels;
        Side = side;
        DefaultDirectory = defaultDirectory;
        _load = load;
    }

    public static ConvNetData Cifar10 { get; } = new(
        ConvNetProblems.FamilyName, Cifar10Dataset.Channels, Cifar10Dataset.Side, defaultDirectory: null, (directory, split) => Cifar10Dataset.Load(directory).Split(split));

    public static ConvNetData FashionMnist { get; } = new(
        MixtureComponent.FashionMnistConvFamily, channels: 1, side: 28, MnistDataset.FashionMnistDirectory, (directory, split) => MnistDataset.Load(directory!).Split(split));

    public string FamilyName { get; }

    public int Channels { get; }

    /// <summary>Images are square: rows = columns = side.</summary>
    public int Side { get; }

    /// <summary>Where the data is when the options name no folder; CIFAR-10 has none, since nothing here ships it.</summary>
    public string? DefaultDirectory { get; }

    /// <summary>The split of the data set in <paramref name="directory"/> (<see cref="DefaultDirectory"/> when null).</summary>
    public LabeledImages Load(string? directory, DataSplit split) => _load(directory ?? DefaultDirectory, split);
}
