using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace L2LCluster.Runs;

/// <summary>
/// A run's name, checked once where it comes in: the coordinator grain's key, the run folder's name and the store's
/// key. Only names that are safe as one path segment and have one spelling are accepted, so a name can never reach
/// outside the run store and two spellings never name one run.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.RunId")]
public readonly partial record struct RunId
{
    public const int MaxLength = 100;

    private RunId(string value) => Value = value;

    [Id(0)]
    public string Value { get; private init; }

    /// <summary>The run named <paramref name="name"/>; refused, naming <paramref name="setting"/>, if it is not a valid name.</summary>
    public static RunId Parse(string? name, string setting) =>
        TryParse(name, out var id)
            ? id
            : throw new InvalidSettingException(setting, $"'{name}' is not a valid run name: use 1 to {MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");

    public static bool TryParse([NotNullWhen(true)] string? name, out RunId id)
    {
        id = name is not null && Pattern().IsMatch(name) ? new RunId(name) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? "";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Pattern();
}
