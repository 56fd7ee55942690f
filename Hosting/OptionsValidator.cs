using L2LCluster.Runs;

namespace L2LCluster.Hosting;

/// <summary>Orleans' check of one provider's options before the silo starts: the options' own validation, as Orleans reports it.</summary>
internal sealed class OptionsValidator<T>(Func<T> options, Action<T> validate) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        try
        {
            validate(options());
        }
        catch (InvalidSettingException error)
        {
            throw new OrleansConfigurationException(error.Message);
        }
    }
}
