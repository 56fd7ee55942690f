using System.CommandLine;
using L2LCluster.Learning;
using L2LCluster.Learning.Problems;

namespace L2LCluster.Client.Commands;

/// <summary>The problem family flags shared by train and eval.</summary>
internal sealed class ProblemFlags
{
    public Option<string?> Problem { get; } = new("--problem", "-p") { Description = "Problem family: quadratic, mnist-mlp, cifar-conv, neural-art, simple." };

    public Option<string?> Data { get; } = new("--data") { Description = "Folder with the MNIST-format IDX files (default: Fashion-MNIST from the Debian package)." };

    public Option<int?> Dimensions { get; } = new("--dims") { Description = "quadratic: dimension of θ (10)." };

    public Option<string?> Distribution { get; } = new("--distribution") { Description = "quadratic: gaussian (the paper's) or uniform (the official code's)." };

    public Option<string?> HiddenUnits { get; } = new("--hidden-units") { Description = "mnist-mlp: units per hidden layer, comma-separated (20)." };

    public Option<string?> Activation { get; } = new("--activation") { Description = "mnist-mlp: sigmoid or relu." };

    public Option<string?> OptimizeeInit { get; } = new("--optimizee-init") { Description = "mnist-mlp: θ₀ ~ gaussian N(0, 0.01²) (the official code's) or fan-in U(±1/√fan_in) (PyTorch's default)." };

    public Option<int?> Minibatch { get; } = new("--minibatch") { Description = "mnist-mlp: examples per minibatch (128)." };

    public Option<int?> Size { get; } = new("--size") { Description = $"neural-art: the side of the image optimized, {NeuralArtProblems.MinSize} to {NeuralArtProblems.MaxSize} ({NeuralArtProblems.DefaultSize})." };

    public Option<string?> Style { get; } = new("--style") { Description = $"neural-art: the style image, a path or a file of --content-dir ({NeuralArtProblems.DefaultStyleFile})." };

    public Option<string?> ContentDirectory { get; } = new("--content-dir") { Description = $"neural-art: the folder of content photographs ({NeuralArtProblems.DefaultContentDirectory})." };

    public Option<double?> StyleWeight { get; } = new("--style-weight") { Description = $"neural-art: λ, the weight of the style loss ({NeuralArtProblems.DefaultStyleWeight})." };

    public Option<string?> Network { get; } = new("--network") { Description = "neural-art: the ONNX file of the pretrained ResNet-18 (default: the one NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 restored)." };

    public void AddTo(Command command)
    {
        command.Add(Problem);
        command.Add(Data);
        command.Add(Dimensions);
        command.Add(Distribution);
        command.Add(HiddenUnits);
        command.Add(Activation);
        command.Add(Minibatch);
        command.Add(OptimizeeInit);
        foreach (var option in new Option[] { Size, Style, ContentDirectory, StyleWeight, Network })
        {
            command.Add(option);
        }
    }

    /// <summary>The problem options the flags give, each one the flags leave out taken from <paramref name="fallback"/>.</summary>
    public ProblemOptions Read(ParseResult result, DataSplit? split = null, ProblemOptions? fallback = null)
    {
        fallback ??= new ProblemOptions();
        return new ProblemOptions
        {
            DataDirectory = result.GetValue(Data) ?? fallback.DataDirectory,
            Dimensions = result.GetValue(Dimensions) ?? fallback.Dimensions,
            Distribution = Parse(result.GetValue(Distribution), "--distribution", ("gaussian", QuadraticDistribution.Gaussian), ("uniform", QuadraticDistribution.Uniform)) ?? fallback.Distribution,
            HiddenUnits = result.GetValue(HiddenUnits) is { } units ? FlagParsing.IntegerList(units, "--hidden-units") : fallback.HiddenUnits,
            Activation = Parse(result.GetValue(Activation), "--activation", ("sigmoid", Learning.Problems.Activation.Sigmoid), ("relu", Learning.Problems.Activation.Relu)) ?? fallback.Activation,
            MinibatchSize = result.GetValue(Minibatch) ?? fallback.MinibatchSize,
            Initialization = Parse(result.GetValue(OptimizeeInit), "--optimizee-init", ("gaussian", OptimizeeInitialization.Gaussian), ("fan-in", OptimizeeInitialization.FanIn)) ?? fallback.Initialization,
            Split = split ?? fallback.Split,
            ImageSize = result.GetValue(Size) ?? fallback.ImageSize,
            StyleFile = result.GetValue(Style) ?? fallback.StyleFile,
            ContentDirectory = result.GetValue(ContentDirectory) ?? fallback.ContentDirectory,
            StyleWeight = result.GetValue(StyleWeight) ?? fallback.StyleWeight,
            NetworkFile = result.GetValue(Network) ?? fallback.NetworkFile,
        };
    }

    private static T? Parse<T>(string? value, string flag, params (string Name, T Value)[] allowed)
        where T : struct
    {
        if (value is null)
        {
            return null;
        }

        foreach (var (name, parsed) in allowed)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return parsed;
            }
        }

        throw new InvalidSettingException(flag, $"unknown value '{value}'; allowed: {string.Join(", ", allowed.Select(entry => entry.Name))}.");
    }
}
