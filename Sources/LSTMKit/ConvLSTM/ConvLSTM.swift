/// Stacked ConvLSTM layers (`ConvLSTMCell`, Shi et al. 2015) unrolled over a sequence of frames: layer l
/// reads the hidden states of layer l - 1 (the frames for l = 0).
///
///     x [T, B, Cin, H, W] -> outputs [T, B, Ch_last, H, W] (the last layer's h at every step),
///                            final states (h, c) per layer [B, Ch_l, H, W]
///
/// Parameters: `cells.<l>.{weightIH, weightHH, biasIH, biasHH[, peepholeI, peepholeF, peepholeO]}`.
public final class ConvLSTM<Scalar: TensorScalar>: Module {
    public let cells: [ConvLSTMCell<Scalar>]
    public var isTraining = true

    /// - Parameters:
    ///   - inputChannels: Cin, the channels of an input frame.
    ///   - hiddenChannels: Ch of each layer, bottom first.
    ///   - kernelSize: k, odd, the size of every layer's square convolution kernels.
    ///   - peepholeFrameSize: (H, W) to give every layer peepholes (Shi et al.'s cell), nil for none.
    ///   - rng: draws the initial weights.
    public init(inputChannels: Int, hiddenChannels: [Int], kernelSize: Int, peepholeFrameSize: Size2D? = nil,
                rng: RandomSource = .global) {
        if hiddenChannels.isEmpty { failure("ConvLSTM: hiddenChannels is empty; give one entry per layer") }
        var width = inputChannels
        cells = hiddenChannels.map { ch in
            defer { width = ch }
            return ConvLSTMCell(inputChannels: width, hiddenChannels: ch, kernelSize: kernelSize,
                                peepholeFrameSize: peepholeFrameSize, rng: rng)
        }
    }

    public struct Output {
        /// The last layer's h at every step, [T, B, Ch, H, W].
        public var outputs: Tensor<Scalar>
        /// Each layer's final (h, c), bottom first.
        public var finalStates: [LSTMState<Scalar>]
    }

    /// The zero states of every layer for `batchSize` frames of `size`.
    public func zeroStates(batchSize: Int, size: Size2D) -> [LSTMState<Scalar>] {
        cells.map { $0.zeroState(batchSize: batchSize, size: size) }
    }

    /// One step of the whole stack: frame x [B, Cin, H, W] -> the top h and every layer's new state.
    public func step(_ x: Tensor<Scalar>, states: [LSTMState<Scalar>]) -> (output: Tensor<Scalar>, states: [LSTMState<Scalar>]) {
        if states.count != cells.count { failure("ConvLSTM: \(states.count) states for \(cells.count) layers") }
        var input = x, next: [LSTMState<Scalar>] = []
        for (cell, s) in zip(cells, states) {
            let n = cell(input, state: s)
            next.append(n)
            input = n.h
        }
        return (input, next)
    }

    /// Runs the stack over x [T, B, Cin, H, W] from `initialStates` (nil: zeros).
    public func callAsFunction(_ x: Tensor<Scalar>, initialStates: [LSTMState<Scalar>]? = nil) -> Output {
        if x.rank != 5 { failure("ConvLSTM: input of shape \(x.shape), expected [T, B, C, H, W]") }
        var states = initialStates ?? zeroStates(batchSize: x.shape[1], size: Size2D(x.shape[3], x.shape[4]))
        var outputs: [Tensor<Scalar>] = []
        for t in 0..<x.shape[0] {
            let r = step(x.slice(axis: 0, t..<(t + 1)).squeezed(0), states: states)
            outputs.append(r.output)
            states = r.states
        }
        return Output(outputs: Tensor.stack(outputs), finalStates: states)
    }
}
