using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The problem families known by name. The built-in ones are registered in <see cref="Default"/> (this process's
/// tools) and in every <see cref="BuiltIn"/> catalog; a silo has its own, filled by its host
/// (<c>AddL2LCluster(o => o.Problems.Add(new MyFamily()))</c>), so your own family reaches the cluster without a fork.
/// </summary>
public sealed class ProblemCatalog
{
    private readonly Dictionary<string, Func<ProblemOptions, IProblemFamily>> _factories = new(StringComparer.OrdinalIgnoreCase);

    public static ProblemCatalog Default { get; } = BuiltIn();

    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (_factories)
            {
                return [.. _factories.Keys];
            }
        }
    }

    /// <summary>Registers a family whose problems do not depend on the spec's problem options, under its own name.</summary>
    public ProblemCatalog Add(IProblemFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        Register(family.Name, _ => family);
        return this;
    }

    /// <summary>Registers a family built from the spec's problem options (dimensions, data folder, …).</summary>
    public void Register(string name, Func<ProblemOptions, IProblemFamily> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_factories)
        {
            _factories[name] = factory;
        }
    }

    /// <summary>The named family with the given options; an unknown name lists the known ones.</summary>
    public IProblemFamily Create(string name, ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Func<ProblemOptions, IProblemFamily>? factory;
        lock (_factories)
        {
            _factories.TryGetValue(name ?? "", out factory);
        }

        return factory is null
            ? throw new InvalidSettingException(SpecFields.Problem, $"unknown problem '{name}'; known problems: {string.Join(", ", Names.Order(StringComparer.Ordinal))}.")
            : factory(options);
    }

    /// <summary>
    /// The family a spec trains on, with the spec's problem options: its mixture of families if it has one, each problem
    /// augmented as its augmentation says.
    /// </summary>
    public IProblemFamily For(MetaTrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var family = spec.Mixture is { } mixture ? new MixtureFamily(mixture, spec.ProblemOptions, this) : Create(spec.Problem, spec.ProblemOptions);
        var reparametrized = spec.Augmentation?.ReparamScale is { } scale ? new ReparamFamily(family, scale[0], scale[1]) : family;
        return spec.Augmentation?.NormalizeGradient == true ? new GradientNormalizedFamily(reparametrized) : reparametrized;
    }

    /// <summary>A new catalog holding the built-in families: quadratic, mnist-mlp, cifar-conv, mnist-conv, simple, neural-art.</summary>
    public static ProblemCatalog BuiltIn()
    {
        var catalog = new ProblemCatalog();
        catalog.Register(QuadraticProblems.FamilyName, options => new QuadraticProblems(options.Dimensions ?? 10, options.Distribution ?? QuadraticDistribution.Gaussian, options.Conditioning));
        catalog.Register(MlpProblems.FamilyName, options => new MlpProblems(options));
        catalog.Register(ConvNetProblems.FamilyName, options => new ConvNetProblems(options));
        catalog.Register(ConvNetData.FashionMnist.FamilyName, options => new ConvNetProblems(options, ConvNetData.FashionMnist));
        catalog.Register(SimpleProblems.FamilyName, _ => new SimpleProblems());
        catalog.Register(NeuralArtProblems.FamilyName, options => new NeuralArtProblems(options));
        return catalog;
    }
}
