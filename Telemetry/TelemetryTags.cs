namespace L2LCluster.Telemetry;

/// <summary>Attribute names on the project's spans and metrics.</summary>
public static class TelemetryTags
{
    public const string RunId = "l2l.run.id";

    public const string Iteration = "l2l.iteration";

    public const string PhiVersion = "l2l.phi.version";

    public const string Worker = "l2l.worker";

    public const string Device = "l2l.device";

    public const string Problems = "l2l.problems";

    public const string Steps = "l2l.steps";

    public const string Loss = "l2l.loss";

    public const string GradientNorm = "l2l.gradient.norm";

    public const string Reason = "l2l.reason";

    public const string Problem = "l2l.problem";

    public const string Iterations = "l2l.iterations";

    public const string State = "l2l.state";
}
