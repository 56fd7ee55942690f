using System.Globalization;
using L2LCluster.Learning;

namespace L2LCluster.Client.Commands;

internal static class FlagParsing
{
    /// <summary>"20,20" → [20, 20]; "" → [] (no layers).</summary>
    public static IReadOnlyList<int> IntegerList(string value, string flag)
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
}
