namespace L2LCluster.Learning.Training;

/// <summary>
/// One particle's steps in one truncation, as its <see cref="ParticleClock"/> lays them out: for each step, the step it
/// reaches within its episode (1-based) and that episode's length; an episode that ends within the truncation is
/// followed at once by a fresh one. The steps up to the first end belong to the episode that was under way.
/// </summary>
/// <param name="Episodes">The episode each step of the truncation belongs to.</param>
/// <param name="Steps">The step within its episode that each step of the truncation reaches.</param>
/// <param name="Lengths">The length of the episode each step belongs to.</param>
/// <param name="ContinuingSteps">Steps of the episode under way when the truncation began (all of them if none ended before the last).</param>
/// <param name="Carry">What the particle's accumulated perturbation becomes.</param>
public sealed record TruncationSteps(int[] Episodes, int[] Steps, int[] Lengths, int ContinuingSteps, PerturbationCarry Carry)
{
    /// <summary>Whether the truncation's step <paramref name="index"/> (0-based) ends an episode: the particle starts afresh after it.</summary>
    public bool EndsEpisode(int index) => Steps[index] == Lengths[index];
}
