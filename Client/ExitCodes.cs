namespace L2LCluster.Client;

/// <summary>The console's exit codes, as README.md documents them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed (an I/O error, a diverged run that produced nothing, an internal error).</summary>
    public const int Failure = 1;

    /// <summary>A flag, spec field or input file is invalid; nothing was started.</summary>
    public const int InvalidInput = 2;

    /// <summary>Stopped by Ctrl-C; what was done so far is saved.</summary>
    public const int Cancelled = 130;
}
