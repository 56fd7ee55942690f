namespace L2LCluster.Learning.Evaluation;

/// <summary>What a paired 95 % interval of the learned optimizer's score minus a baseline's says.</summary>
public enum PairedVerdict
{
    /// <summary>The whole interval is below zero: lower loss than the baseline.</summary>
    Ahead,

    /// <summary>The interval holds zero: on these problems the two cannot be told apart.</summary>
    Level,

    /// <summary>The whole interval is above zero.</summary>
    Behind,

    /// <summary>Both diverged on some problem, so the difference there is undefined.</summary>
    Undetermined,
}
