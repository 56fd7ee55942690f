namespace L2LCluster.Learning.Problems;

/// <summary>
/// The problem families known by name. The built-in ones are registered in <see cref="Default"/>; register
/// your own family there (or in a catalog of your own) to meta-train on it with the same tools.
/// </summary>
public sealed class ProblemCatalog
{
    private readonly Dictionary<string, Func<ProblemOptions, IProblemFamily>> _factories = new(StringComparer.OrdinalIgnoreCase);

    public static ProblemCatalog Default { get; } = CreateBuiltIn();

    public IReadOnlyCollection<string> Names => _factories.Keys;

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
            ? throw new InvalidSettingException("--problem", $"unknown problem '{name}'; known problems: {string.Join(", ", Names.Order(StringComparer.Ordinal))}.")
            : factory(options);
    }

    private static ProblemCatalog CreateBuiltIn()
    {
        var catalog = new ProblemCatalog();
        catalog.Register(QuadraticProblems.FamilyName, options => new QuadraticProblems(options.Dimensions ?? 10, options.Distribution ?? QuadraticDistribution.Gaussian));
        catalog.Register(MlpProblems.FamilyName, options => new MlpProblems(options));
        catalog.Register(ConvNetProblems.FamilyName, options => new ConvNetProblems(options));
        catalog.Register(SimpleProblems.FamilyName, _ => new SimpleProblems());
        catalog.Register(NeuralArtProblems.FamilyName, options => new NeuralArtProblems(options));
        return catalog;
    }
}
