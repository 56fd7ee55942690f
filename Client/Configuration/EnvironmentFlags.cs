using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace L2LCluster.Client.Configuration;

/// <summary>
/// The environment layer of the configuration: every flag <c>--some-flag</c> of a command may come from
/// <c>L2L_SOME_FLAG</c> when the command line does not give it (flags win over the environment, which wins over a
/// <c>--spec</c> file). The values are parsed by the flag's own parser, so they get the same checks.
/// </summary>
internal sealed partial class EnvironmentFlags
{
    private const string Prefix = "L2L_";

    private readonly Dictionary<Option, string> _fromEnvironment;

    private EnvironmentFlags(ParseResult result, Dictionary<Option, string> fromEnvironment)
    {
        Result = result;
        _fromEnvironment = fromEnvironment;
    }

    public ParseResult Result { get; }

    public static string VariableFor(Option option) =>
        Prefix + option.Name.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>Parses the command line, then adds the flags it lacks from the environment and parses again.</summary>
    public static EnvironmentFlags Parse(RootCommand root, IReadOnlyList<string> args)
    {
        var commandLine = root.Parse(args);
        var fromEnvironment = new Dictionary<Option, string>();
        foreach (var option in commandLine.CommandResult.Command.Options)
        {
            if (option is HelpOption or VersionOption || commandLine.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            var variable = VariableFor(option);
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 })
            {
                fromEnvironment[option] = variable;
            }
        }

        if (fromEnvironment.Count == 0)
        {
            return new EnvironmentFlags(commandLine, fromEnvironment);
        }

        var added = fromEnvironment.SelectMany(entry => new[] { entry.Key.Name, Environment.GetEnvironmentVariable(entry.Value)! });
        return new EnvironmentFlags(root.Parse([.. args, .. added]), fromEnvironment);
    }

    /// <summary>The environment variable a flag's value came from, if it came from one.</summary>
    public string? SourceOf(Option option) => _fromEnvironment.GetValueOrDefault(option);

    /// <summary>The first parse error as one line; one about a value from the environment names its variable.</summary>
    public string FirstError()
    {
        var error = Result.Errors[0];
        for (var symbol = error.SymbolResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is OptionResult { Option: var option } && SourceOf(option) is { } variable)
            {
                return $"{variable}: {Readable(error.Message)}";
            }
        }

        return Readable(error.Message);
    }

    /// <summary>System.CommandLine names the expected type as .NET spells it; a user reads "integer" better.</summary>
    private static string Readable(string message) => ClrTypeName().Replace(message, match => match.Groups["type"].Value switch
    {
        "Int32" or "Int64" => "integer",
        "UInt64" => "non-negative integer",
        "Double" => "number",
        "Boolean" => "true or false",
        var other => other,
    });

    [GeneratedRegex(@"'System\.(Nullable`1\[System\.)?(?<type>\w+)\]?'")]
    private static partial Regex ClrTypeName();
}
