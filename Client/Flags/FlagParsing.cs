using System.Collections.Immutable;
using System.Globalization;
using L2LCluster.Runs;

namespace L2LCluster.Client.Flags;

/// <summary>The texts flags take beyond System.CommandLine's own types, each refused naming its flag.</summary>
internal static class FlagParsing
{
    /// <summary>"0.001:1000" → [0.001, 1000]; the range itself is checked where the field is validated.</summary>
    public static ImmutableArray<double> Range(string value, string flag)
    {
        var parts = value.Split(':', StringSplitOptions.TrimEntries);
        return parts is [var low, var high] && double.TryParse(low, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && double.TryParse(high, NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            ? [min, max]
            : throw new InvalidSettingException(flag, $"'{value}' is not MIN:MAX (two numbers, e.g. 0.001:1000).");
    }

    /// <summary>"20,20" → [20, 20]; "" or "none" → [] (no layers).</summary>
    public static ImmutableArray<int> IntegerList(string value, string flag)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "none")
        {
            return [];
        }

        return [.. value.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new InvalidSettingException(flag, $"'{value}' is not a comma-separated list of positive integers."))];
    }

    public static IReadOnlyList<double> NumberList(string value, string flag) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
                ? number
                : throw new InvalidSettingException(flag, $"'{value}' is not a comma-separated list of positive numbers."))];

    /// <summary>One of <paramref name="allowed"/> by name (any case); anything else is refused listing them.</summary>
    public static T Choice<T>(string value, string flag, params (string Name, T Value)[] allowed)
    {
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
