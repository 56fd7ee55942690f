using System.CommandLine;

namespace L2LCluster.Client;

/// <summary>
/// A first word that names no command: System.CommandLine says only that a command is required, so the console says
/// which word it did not know and which command was probably meant.
/// </summary>
public static class UnknownCommand
{
    /// <summary>The line to print when <paramref name="result"/> stopped at the root on a word that is not a command; otherwise null.</summary>
    public static string? Describe(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.CommandResult.Command is not RootCommand root || result.UnmatchedTokens.FirstOrDefault(token => !token.StartsWith('-')) is not { } word)
        {
            return null;
        }

        var commands = root.Subcommands.Select(command => command.Name).ToArray();
        var nearest = commands.MinBy(command => Distance(word, command));
        var suggestion = nearest is not null && Distance(word, nearest) <= Math.Max(2, nearest.Length / 3) ? $"did you mean '{nearest}'? " : "";
        return $"unknown command '{word}'; {suggestion}commands: {string.Join(", ", commands)}.";
    }

    /// <summary>Edits (insertions, deletions, substitutions, swaps of neighbours) between two words.</summary>
    public static int Distance(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var table = new int[from.Length + 1, to.Length + 1];
        for (var i = 0; i <= from.Length; i++)
        {
            table[i, 0] = i;
        }

        for (var j = 0; j <= to.Length; j++)
        {
            table[0, j] = j;
        }

        for (var i = 1; i <= from.Length; i++)
        {
            for (var j = 1; j <= to.Length; j++)
            {
                var substitution = char.ToLowerInvariant(from[i - 1]) == char.ToLowerInvariant(to[j - 1]) ? 0 : 1;
                var best = Math.Min(Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1), table[i - 1, j - 1] + substitution);
                if (i > 1 && j > 1 && from[i - 1] == to[j - 2] && from[i - 2] == to[j - 1])
                {
                    best = Math.Min(best, table[i - 2, j - 2] + 1);
                }

                table[i, j] = best;
            }
        }

        return table[from.Length, to.Length];
    }
}
