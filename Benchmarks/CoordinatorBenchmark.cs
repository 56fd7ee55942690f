using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace L2LCluster.Benchmarks;

/// <summary>
/// The coordinator's share of a meta-iteration with many simulated workers and no tensors: building the request,
/// turning every answer's bytes into a checked <see cref="MetaGradient"/>, averaging and the Adam step. Answers are
/// built once up front, so only the coordinator's work is timed; the answers go through the coordinator's own
/// <see cref="GradientIntake"/>.
/// </summary>
internal static class CoordinatorBenchmark
{
    public static readonly IReadOnlyList<int> WorkerCounts = [64, 256, 1024];

    /// <summary>Messages per timed codec repeat: enough that one lasts well above the timer's resolution.</summary>
    private const int CodecMessages = 200;

    private const long PhiVersion = 1;

    private static readonly RunId BenchmarkRun = RunId.Parse($"benchmark-{Guid.Empty:N}", "run");

    /// <summary>What a worker key looks like: a silo address and a device index.</summary>
    private const string WorkerSilo = "127.0.0.1:11111@123456789";

    public static CoordinatorResult Run(BenchmarkSettings settings, BenchmarkWorkload workload, TextWriter progress)
    {
        var family = workload.CreateFamily();
        var spec = BenchmarkSettings.Spec(workload, family, settings.WarmupIterations + settings.Iterations);
        var phi = new CoordinatewiseLstm(spec.Architecture).InitialParameters(spec.Seed, spec.Initialization);
        var random = new Random(17);
        var request = NewRequest(phi);
        var answer = NewAnswer(0, RandomGradient(random, phi.Length), spec, family);

        using var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(UnrollRequest).Assembly).AddAssembly(typeof(FloatArrayUnrollRequest).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var requestCost = Measure(serializer, nameof(UnrollRequest), request, settings.Repeats);
        var answerCost = Measure(serializer, nameof(WorkerGradient), answer, settings.Repeats);
        var floatArrayCost = Measure(serializer, nameof(FloatArrayUnrollRequest), new FloatArrayUnrollRequest(
            request.RunId, request.PhiVersion, phi, request.Iteration, request.Episode, request.StepInHorizon), settings.Repeats);
        progress.WriteLine($"coordinator: request {requestCost.Bytes:N0} bytes, as float[] {floatArrayCost.Bytes:N0}; answer {answerCost.Bytes:N0} bytes");

        var costs = new List<CoordinatorCost>(WorkerCounts.Count);
        foreach (var workers in WorkerCounts)
        {
            var answers = Enumerable.Range(0, workers).Select(index => NewAnswer(index, RandomGradient(random, phi.Length), spec, family)).ToArray();
            var (milliseconds, collections) = TimeIterations(settings, (float[])phi.Clone(), spec, answers);
            var codec = workers * (requestCost.SerializeMicroseconds.Median + answerCost.DeserializeMicroseconds.Median) / 1000;
            costs.Add(new CoordinatorCost(workers, milliseconds, (long)workers * requestCost.Bytes, (long)workers * answerCost.Bytes, codec, collections));
            progress.WriteLine($"coordinator: {workers} workers: {Spread.Of(milliseconds).Median:F3} ms per iteration");
        }

        return new CoordinatorResult(phi.Length, costs, requestCost, answerCost, floatArrayCost);
    }

    private static (List<double> Milliseconds, GcCounts Collections) TimeIterations(BenchmarkSettings settings, float[] phi, MetaTrainingSpec spec, WorkerGradient[] answers)
    {
        var adam = new MetaAdam(phi.Length, spec.LearningRate, spec.ClipNorm);
        for (var iteration = 0; iteration < settings.WarmupIterations; iteration++)
        {
            Iterate(phi, adam, answers);
        }

        var milliseconds = new List<double>(settings.Repeats);
        var collections = GcCounts.Now();
        for (var repeat = 0; repeat < settings.Repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            for (var iteration = 0; iteration < settings.Iterations; iteration++)
            {
                Iterate(phi, adam, answers);
            }

            milliseconds.Add(clock.Elapsed.TotalMilliseconds / settings.Iterations);
        }

        return (milliseconds, GcCounts.Now().Since(collections));
    }

    /// <summary>One synchronous iteration of the coordinator less the calls: the answers are already in.</summary>
    private static void Iterate(float[] phi, MetaAdam adam, WorkerGradient[] answers)
    {
        var request = NewRequest(phi);
        var intake = new GradientIntake(request.PhiVersion, request.PhiVersion, phi.Length);
        for (var index = 0; index < answers.Length; index++)
        {
            if (intake.Accept(answers[index]) is { } reason)
            {
                throw new InvalidOperationException($"A simulated answer was refused: {reason}");
            }
        }

        adam.Apply(phi, intake.Average().Gradient);
    }

    private static UnrollRequest NewRequest(float[] phi) => new(BenchmarkRun, PhiVersion, FloatPayload.ToBytes(phi), 1, 0, 0);

    private static WorkerGradient NewAnswer(int worker, byte[] gradient, MetaTrainingSpec spec, IProblemFamily family) => new(
        WorkerKeys.Create(WorkerSilo, worker), PhiVersion, gradient, 1.5, 0.5, 1, spec.Unroll, family.CoordinatesPerProblem, true, TimeSpan.FromMilliseconds(40));

    private static byte[] RandomGradient(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() * 2 - 1) * 1e-3f;
        }

        return FloatPayload.ToBytes(values);
    }

    private static MessageCost Measure<T>(Serializer serializer, string name, T message, int repeats)
    {
        // Once each untimed, so the first repeat does not pay for the JIT and the codecs' lazy set-up.
        var encoded = serializer.SerializeToArray(message);
        serializer.Deserialize<T>(encoded);
        var serialize = new List<double>(repeats);
        var deserialize = new List<double>(repeats);
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            serialize.Add(MicrosecondsEach(() => serializer.SerializeToArray(message)));
            deserialize.Add(MicrosecondsEach(() => serializer.Deserialize<T>(encoded)));
        }

        return new MessageCost(name, encoded.Length, Spread.Of(serialize), Spread.Of(deserialize));
    }

    private static double MicrosecondsEach<TResult>(Func<TResult> work)
    {
        var clock = Stopwatch.StartNew();
        for (var message = 0; message < CodecMessages; message++)
        {
            GC.KeepAlive(work());
        }

        return clock.Elapsed.TotalMicroseconds / CodecMessages;
    }
}
