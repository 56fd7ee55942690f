namespace L2LCluster.Client.Tests;

internal sealed record L2lResult(int ExitCode, string Output, string Error);
