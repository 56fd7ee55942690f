using TorchSharp.Modules;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

public sealed partial class LearnedOptimizer
{
    /// <summary>The options of a parameter group: only the learning rate, the multiplier of the learned update.</summary>
    public sealed class Options : OptimizerOptions;

    /// <summary>Parameters that share a learning-rate multiplier.</summary>
    public sealed class ParamGroup : ParamGroup<Options>
    {
        public ParamGroup()
        {
        }

        /// <param name="parameters">The group's parameters.</param>
        /// <param name="lr">Its multiplier; the optimizer's when null.</param>
        public ParamGroup(IEnumerable<Parameter> parameters, double? lr = null)
            : base(parameters, new Options { LearningRate = lr })
        {
        }
    }

    /// <summary>
    /// One parameter's optimizer state: for the LSTM, the hidden and cell state of each of its coordinates, per layer;
    /// for the MLP, its accumulators; zero until the first step. Saved with the optimizer's state dictionary, so a
    /// checkpointed model resumes exactly.
    /// </summary>
    public sealed class State : OptimizerState, IDisposable
    {
        private readonly LearnedOptimizer _owner;
        private Tensor?[] _hidden;
        private Tensor?[] _cell;

        internal State(Parameter parameter, LearnedOptimizer owner)
            : base(parameter)
        {
            _owner = owner;
            _hidden = [];
            _cell = [];
        }

        /// <summary>Whether the parameter has been stepped (its state is no longer zero).</summary>
        public bool HasStarted => _hidden.Length > 0 && _hidden[0] is not null;

        public override void Initialize(OptimizerOptions options)
        {
            using var scope = NewDisposeScope();
            // Before the optimizer's networks exist (groups are added first): only the number of state tensors is needed.
            var shape = _owner.Model.Networks().InitialState(1, CPU);
            _hidden = new Tensor?[shape.Hidden.Length];
            _cell = new Tensor?[shape.Cell.Length];
        }

        public override void SaveStateDict(BinaryWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.Write(_hidden.Length);
            foreach (var tensor in _hidden.Concat(_cell))
            {
                SaveConditionalStateTensor(writer, tensor);
            }
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            ArgumentNullException.ThrowIfNull(reader);
            var layers = reader.ReadInt32();
            if (layers != _hidden.Length)
            {
                throw new InvalidDataException($"The saved learned-optimizer state has {layers} state tensors per coordinate; this optimizer has {_hidden.Length}.");
            }

            for (var layer = 0; layer < layers; layer++)
            {
                LoadConditionalStateTensor(reader, ref _hidden[layer], _parameter.device);
            }

            for (var layer = 0; layer < _cell.Length; layer++)
            {
                LoadConditionalStateTensor(reader, ref _cell[layer], _parameter.device);
            }
        }

        public override void LoadStateDict(OptimizerState source)
        {
            var other = source as State ?? throw new ArgumentException("Not a learned optimizer's state.", nameof(source));
            Dispose();
            _hidden = [.. other._hidden.Select(Copy)];
            _cell = [.. other._cell.Select(Copy)];
        }

        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State state && state._hidden.Length == _hidden.Length
            && _hidden.Concat(_cell).Zip(state._hidden.Concat(state._cell)).All(pair => (pair.First, pair.Second) switch
            {
                (null, null) => true,
                ({ } mine, { } theirs) => mine.allclose(theirs),
                _ => false,
            });

        public override void to(Device device)
        {
            _hidden = [.. _hidden.Select(tensor => Move(tensor, device))];
            _cell = [.. _cell.Select(tensor => Move(tensor, device))];
        }

        public void Dispose()
        {
            foreach (var tensor in _hidden.Concat(_cell))
            {
                tensor?.Dispose();
            }
        }

        /// <summary>The state to step from: zeros for a parameter not yet stepped (tensors in the caller's dispose scope).</summary>
        internal CoordinateState Current(OptimizerNetworks networks) => HasStarted || _hidden.Length == 0
            ? new CoordinateState([.. _hidden.Select(tensor => tensor!.alias())], [.. _cell.Select(tensor => tensor!.alias())])
            : networks.InitialState(_parameter.numel(), _parameter.device, _parameter.dtype);

        /// <summary>Keeps <paramref name="next"/> (copied out of the step's dispose scope) and frees the state before it.</summary>
        internal void Replace(CoordinateState next)
        {
            Dispose();
            _hidden = [.. next.Hidden.Select(tensor => tensor.clone().DetachFromDisposeScope())];
            _cell = [.. next.Cell.Select(tensor => tensor.clone().DetachFromDisposeScope())];
        }

        private static Tensor? Copy(Tensor? tensor) => tensor?.clone().DetachFromDisposeScope();

        private static Tensor? Move(Tensor? tensor, Device device)
        {
            if (tensor is null)
            {
                return null;
            }

            var moved = tensor.to(device).DetachFromDisposeScope();
            if (!ReferenceEquals(moved, tensor))
            {
                tensor.Dispose();
            }

            return moved;
        }
    }
}
