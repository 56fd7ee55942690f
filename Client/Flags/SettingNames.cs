using System.CommandLine;
using L2LCluster.Contracts;
using L2LCluster.Runs;

namespace L2LCluster.Client.Flags;

/// <summary>
/// Names a refused setting as this command's user gave it: a field of the spec (see SpecFields), as everything below
/// the console names it, becomes the flag that sets it.
/// </summary>
internal sealed class SettingNames(IEnumerable<(Option Option, string Field)> flags)
{
    private readonly Dictionary<string, string> _flagOfField = flags.ToDictionary(entry => entry.Field, entry => entry.Option.Name, StringComparer.Ordinal);

    public InvalidSettingException Rename(InvalidSettingException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _flagOfField.TryGetValue(error.Setting, out var flag) ? new InvalidSettingException(flag, error.Reason) : error;
    }

    /// <summary>Runs a command's action; a refusal from below it, or from a cluster, is named by its flag.</summary>
    public async Task<int> NamingAsync(Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (InvalidSettingException error)
        {
            throw Rename(error);
        }
        catch (InvalidRunException error)
        {
            throw Rename(error.ToSettingError());
        }
    }
}
