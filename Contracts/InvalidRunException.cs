using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>
/// A run the cluster refuses (a bad spec field, a name in use, a completed run to resume), carried back to the
/// client with the setting it names (a spec field, see SpecFields) and what is wrong, so the client can name the
/// setting as its user gave it.
/// </summary>
[GenerateSerializer, Alias("l2l.InvalidRunException")]
public sealed class InvalidRunException : Exception
{
    public InvalidRunException(string setting, string reason)
        : base($"{setting}: {reason}")
    {
        Setting = setting;
        Reason = reason;
    }

    [Id(0)]
    public string Setting { get; private set; }

    [Id(1)]
    public string Reason { get; private set; }

    public static InvalidRunException From(InvalidSettingException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new InvalidRunException(error.Setting, error.Reason);
    }

    /// <summary>The refusal as the setting's exception again, on the client's side.</summary>
    public InvalidSettingException ToSettingError() => new(Setting, Reason);
}
