namespace L2LCluster.Contracts;

/// <summary>
/// A run the cluster refuses (a bad spec field, a name in use, a completed run to resume), carried back to the
/// client with the setting it names; its message is the one line to show the user.
/// </summary>
[GenerateSerializer, Alias("l2l.InvalidRunException")]
public sealed class InvalidRunException : Exception
{
    public InvalidRunException(string setting, string message)
        : base(message)
    {
        Setting = setting;
    }

    [Id(0)]
    public string Setting { get; private set; }
}
