namespace L2LCluster.Runs;

/// <summary>
/// A setting (flag, spec field, file) that cannot be used, with the setting's name and what is allowed, so the
/// console can print one clear line instead of a stack trace.
/// </summary>
public sealed class InvalidSettingException(string setting, string message) : Exception($"{setting}: {message}")
{
    public string Setting { get; } = setting;

    /// <summary>What is wrong, without the setting's name (to name it differently, e.g. by where its value came from).</summary>
    public string Reason { get; } = message;

    /// <summary>Throws for <paramref name="setting"/> with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void ThrowUnless(bool condition, string setting, string message)
    {
        if (!condition)
        {
            throw new InvalidSettingException(setting, message);
        }
    }
}
