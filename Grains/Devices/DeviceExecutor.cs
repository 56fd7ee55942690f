using System.Collections.Concurrent;

namespace L2LCluster.Grains.Devices;

/// <summary>
/// The one long-lived thread that does all tensor work for a device. TorchSharp's dispose scopes are thread-static
/// and libtorch's grad mode is thread-local, so a whole unroll runs here as one synchronous job; grains await
/// the returned task and never block Orleans' scheduler threads.
/// </summary>
public sealed class DeviceExecutor : IDisposable
{
    private readonly BlockingCollection<Action> _jobs = [];
    private readonly Thread _thread;

    public DeviceExecutor(string name, Action? initialize = null)
    {
        _thread = new Thread(() =>
        {
            initialize?.Invoke();
            foreach (var job in _jobs.GetConsumingEnumerable())
            {
                job();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the device thread; a cancelled token skips work not yet started.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobs.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception error)
            {
                completion.TrySetException(error);
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    public void Dispose()
    {
        _jobs.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _jobs.Dispose();
    }
}
