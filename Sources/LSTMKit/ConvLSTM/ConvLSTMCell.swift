/// The convolutional LSTM cell (Shi et al. 2015, "Convolutional LSTM Network: A Machine Learning Approach for
/// Precipitation Nowcasting", equation 3): an LSTM whose input, state and gates are images [B, C, H, W], and
/// whose matrix products are 2-D convolutions ("same" padding, stride 1), so every position's gates see a
/// k x k neighbourhood of the input and of the previous hidden state.
///
///     a = conv(X, W_x) + b_x + conv(Hs, W_h) + b_h                   gate pre-activations  [B, 4Ch, H, W]
///     i = sigmoid(a_i + w_ci * C)      f = sigmoid(a_f + w_cf * C)   input, forget gates   [B, Ch, H, W]
///     g = tanh(a_g)                                                  candidate
///     C' = f * C + i * g                                             new cell state
///     o = sigmoid(a_o + w_co * C')                                   output gate (peeks at the new C')
///     Hs' = o * tanh(C')                                             new hidden state
///
/// `*` is elementwise; the peephole weights w_c [Ch, H, W] (a Hadamard product, as in the paper) exist only
/// when `peepholeFrameSize` is given; without them this is `LSTMCell` with convolutions for products.
/// Gate blocks are stacked along the channels in PyTorch's order i, f, g, o, and the two convolutions carry
/// two biases, so the weights map one to one onto a PyTorch `nn.Conv2d` pair.
///
/// Parameters:
/// - `weightIH` [4Ch, Cin, k, k] (W_x), `weightHH` [4Ch, Ch, k, k] (W_h), `biasIH` [4Ch], `biasHH` [4Ch]
/// - `peepholeI`, `peepholeF`, `peepholeO` [Ch, H, W] with peepholes (they fix the frame size)
///
/// Initialization as `nn.Conv2d`: every weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = Cin k^2
/// for the input convolution and Ch k^2 for the hidden one; peepholes start at zero.
public final class ConvLSTMCell<Scalar: TensorScalar>: Module {
    public let inputChannels: Int
    public let hiddenChannels: Int
    public let kernelSize: Int
    /// (H, W) for a cell with peepholes (their shape), nil without.
    public let frameSize: Size2D?
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>
    public let biasHH: Parameter<Scalar>
    public let peepholeI: Parameter<Scalar>?
    public let peepholeF: Parameter<Scalar>?
    public let peepholeO: Parameter<Scalar>?
    public var isTraining = true

    /// - Parameters:
    ///   - inputChannels: Cin, the channels of the input x.
    ///   - hiddenChannels: Ch, the channels of h and c.
    ///   - kernelSize: k, odd (so "same" padding is symmetric).
    ///   - peepholeFrameSize: (H, W) to add peepholes (Shi et al.'s cell), nil for none.
    ///   - rng: draws the initial weights.
    public init(inputChannels: Int, hiddenChannels: Int, kernelSize: Int, peepholeFrameSize: Size2D? = nil,
                rng: RandomSource = .global) {
        if inputChannels < 1 || hiddenChannels < 1 || kernelSize < 1 || kernelSize % 2 == 0 {
            failure("ConvLSTMCell: inputChannels \(inputChannels) and hiddenChannels \(hiddenChannels) must be " +
                    "positive and kernelSize \(kernelSize) positive and odd")
        }
        (self.inputChannels, self.hiddenChannels, self.kernelSize) = (inputChannels, hiddenChannels, kernelSize)
        frameSize = peepholeFrameSize
        let (ci, ch, k) = (inputChannels, hiddenChannels, kernelSize)
        func uniform(_ shape: [Int], fanIn: Int) -> Parameter<Scalar> {
            let bound = 1 / Double(fanIn).squareRoot()
            return Parameter(Initializers.uniform(shape, -bound, bound, rng, "ConvLSTMCell"))
        }
        weightIH = uniform([4 * ch, ci, k, k], fanIn: ci * k * k)
        biasIH = uniform([4 * ch], fanIn: ci * k * k)
        weightHH = uniform([4 * ch, ch, k, k], fanIn: ch * k * k)
        biasHH = uniform([4 * ch], fanIn: ch * k * k)
        if let size = peepholeFrameSize {
            if size.height < 1 || size.width < 1 { failure("ConvLSTMCell: peephole frame size \(size) must be positive") }
            peepholeI = Parameter(.zeros([ch, size.height, size.width]))
            peepholeF = Parameter(.zeros([ch, size.height, size.width]))
            peepholeO = Parameter(.zeros([ch, size.height, size.width]))
        } else {
            (peepholeI, peepholeF, peepholeO) = (nil, nil, nil)
        }
    }

    /// The all-zero state for `batchSize` frames of `size`.
    public func zeroState(batchSize: Int, size: Size2D) -> LSTMState<Scalar> {
        let shape = [batchSize, hiddenChannels, size.height, size.width]
        return LSTMState(h: .zeros(shape), c: .zeros(shape))
    }

    /// One step: x [B, Cin, H, W] and the state (h, c) [B, Ch, H, W] -> the new state and gates [i, f, g, o].
    public func step(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> CellStep<LSTMState<Scalar>> {
        if x.rank != 4 || x.shape[1] != inputChannels {
            failure("ConvLSTMCell: input of shape \(x.shape), expected [B, \(inputChannels), H, W]")
        }
        let stateShape = [x.shape[0], hiddenChannels, x.shape[2], x.shape[3]]
        if state.h.shape != stateShape || state.c.shape != stateShape {
            failure("ConvLSTMCell: state of shapes \(state.h.shape) and \(state.c.shape), expected \(stateShape)")
        }
        if let size = frameSize, size != Size2D(x.shape[2], x.shape[3]) {
            failure("ConvLSTMCell: frames of \(x.shape[2])x\(x.shape[3]), the peepholes are \(size.height)x\(size.width)")
        }
        let a = conv2d(x, weight: weightIH.value, bias: biasIH.value, padding: .same)
            + conv2d(state.h, weight: weightHH.value, bias: biasHH.value, padding: .same)      // [B, 4Ch, H, W]
        let blocks = a.chunked(4, axis: 1)
        var (zi, zf, zo) = (blocks[0], blocks[1], blocks[3])
        if let peepholeI, let peepholeF {
            zi = zi + peepholeI.value * state.c
            zf = zf + peepholeF.value * state.c
        }
        let i = sigmoid(zi), f = sigmoid(zf), g = tanh(blocks[2])
        let c = f * state.c + i * g
        if let peepholeO { zo = zo + peepholeO.value * c }
        let o = sigmoid(zo)
        let h = o * tanh(c)
        return CellStep(state: LSTMState(h: h, c: c), gates: [i, f, g, o])
    }

    public func callAsFunction(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> LSTMState<Scalar> {
        step(x, state: state).state
    }
}
