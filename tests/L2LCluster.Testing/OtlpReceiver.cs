using System.Collections.Concurrent;
using System.Net;

namespace L2LCluster.Testing;

/// <summary>
/// An OTLP/HTTP endpoint on 127.0.0.1 that keeps every request it receives and answers each with an empty
/// protobuf response (a valid, empty Export*ServiceResponse).
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private const int BindAttempts = 20;
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<OtlpRequest> _requests = new();
    private readonly Task _serving;

    private OtlpReceiver(HttpListener listener, string endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
        _serving = ServeAsync();
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint { get; }

    public IReadOnlyCollection<OtlpRequest> Requests => [.. _requests];

    public static OtlpReceiver Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = $"http://127.0.0.1:{FreePorts.Take(1)[0]}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(endpoint);
            try
            {
                listener.Start();
                return new OtlpReceiver(listener, endpoint.TrimEnd('/'));
            }
            catch (HttpListenerException) when (attempt < BindAttempts)
            {
                // Another process took the port between the probe and the bind: try another.
                listener.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue(new OtlpRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
