using System.Text;

namespace L2LCluster.Runs;

/// <summary>
/// A setting (flag, spec field, file) that cannot be used, with the setting's name and what is allowed, so the
/// console can print one clear line instead of a stack trace. The message is one line whatever it quotes: control
/// characters of a quoted file become spaces, and a quote past <see cref="MaxReasonLength"/> characters is cut.
/// </summary>
public sealed class InvalidSettingException(string setting, string message) : Exception($"{setting}: {OneLine(message)}")
{
    public const int MaxReasonLength = 400;

    public string Setting { get; } = setting;

    /// <summary>What is wrong, without the setting's name (to name it differently, e.g. by where its value came from).</summary>
    public string Reason { get; } = OneLine(message);

    /// <summary>Throws for <paramref name="setting"/> with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void ThrowUnless(bool condition, string setting, string message)
    {
        if (!condition)
        {
            throw new InvalidSettingException(setting, message);
        }
    }

    private static string OneLine(string text)
    {
        var line = new StringBuilder(Math.Min(text.Length, MaxReasonLength + 1));
        foreach (var character in text)
        {
            if (line.Length == MaxReasonLength)
            {
                return line.Append('…').ToString();
            }

            var printable = char.IsControl(character) ? ' ' : character;
            if (printable != ' ' || line.Length == 0 || line[^1] != ' ')
            {
                line.Append(printable);
            }
        }

        return line.ToString();
    }
}
