using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Storage;
using TorchSharp.Modules;

namespace L2LCluster.Pretrained;

/// <summary>A trained optimizer shipped in this package: what it was trained on, its file, and a TorchSharp optimizer made from it.</summary>
public sealed class PretrainedOptimizer
{
    private readonly Lazy<OptimizerFileContents> _file;

    internal PretrainedOptimizer(string name, string trainedOn)
    {
        Name = name;
        TrainedOn = trainedOn;
        _file = new Lazy<OptimizerFileContents>(() => OptimizerFile.Deserialize(Bytes(), $"pretrained optimizer '{name}'"));
    }

    /// <summary>The name <see cref="PretrainedOptimizers.Named"/> takes.</summary>
    public string Name { get; }

    /// <summary>The problems it was meta-trained on, in words.</summary>
    public string TrainedOn { get; }

    /// <summary>The optimizer file's contents: the model (architecture and φ) and what its run recorded.</summary>
    public OptimizerFileContents File => _file.Value;

    /// <summary>A TorchSharp optimizer for <paramref name="parameters"/>; <paramref name="lr"/> multiplies the learned update.</summary>
    public LearnedOptimizer Create(IEnumerable<Parameter> parameters, double lr = 1.0) => new(File.Model, parameters, lr);

    /// <summary>The file as shipped, e.g. to save it beside your model.</summary>
    public byte[] Bytes()
    {
        using var stream = typeof(PretrainedOptimizer).Assembly.GetManifestResourceStream($"L2LCluster.Pretrained.{Name}{OptimizerFile.Extension}")
            ?? throw new InvalidOperationException($"The package holds no optimizer named '{Name}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override string ToString() => $"{Name} ({TrainedOn})";
}
