import LSTMKit

/// Next-frame prediction with a stacked ConvLSTM (Shi et al. 2015) on 64x64 one-channel frames: each frame's
/// p x p blocks are folded into p^2 channels, the ConvLSTM reads the input frames and then keeps going on its
/// own predictions; a 1x1 convolution of the top hidden state gives the next frame's logits, unfolded back
/// to 64x64.
///
///     z_t = fold_p(frame_t)                         [B, p^2, 64/p, 64/p]
///     H_t = ConvLSTM(z_t, H_{t-1})                  top layer [B, Ch, 64/p, 64/p]
///     logits_{t+1} = unfold_p(conv1x1(H_t))         [B, 1, 64, 64]
///     frame_t for t >= inputFrames is sigmoid(logits_t), the model's own prediction (free running)
///
/// Training is teacher-forced (`teacherForced`: every frame predicted from the frames before it, the loss over
/// all T - 1 predictions), with scheduled sampling on the output frames; evaluation runs free on them.
public final class NextFrameModel: Module {
    public typealias Scalar = Float
    public struct Config: Codable, Equatable, Sendable {
        public var patchSize: Int
        public var hiddenChannels: [Int]
        public var kernelSize: Int
        public var inputFrames: Int
        public var outputFrames: Int
    }

    public let config: Config
    public let convLSTM: ConvLSTM<Float>
    public let head: Conv2D<Float>
    public var isTraining = true

    public init(_ config: Config, rng: RandomSource) {
        self.config = config
        let p2 = config.patchSize * config.patchSize
        convLSTM = ConvLSTM(inputChannels: p2, hiddenChannels: config.hiddenChannels, kernelSize: config.kernelSize, rng: rng)
        head = Conv2D(inChannels: config.hiddenChannels.last!, outChannels: p2, kernelSize: 1, rng: rng)
    }

    /// [B, 1, 64, 64] -> [B, p^2, 64/p, 64/p].
    func fold(_ frame: Tensor<Float>) -> Tensor<Float> {
        let (b, p) = (frame.shape[0], config.patchSize), g = MovingMNIST.canvas / p
        return frame.reshaped([b, g, p, g, p]).permuted([0, 2, 4, 1, 3]).reshaped([b, p * p, g, g])
    }

    /// [B, p^2, 64/p, 64/p] -> [B, 1, 64, 64].
    func unfold(_ z: Tensor<Float>) -> Tensor<Float> {
        let (b, p) = (z.shape[0], config.patchSize), g = MovingMNIST.canvas / p
        return z.reshaped([b, p, p, g, g]).permuted([0, 3, 1, 4, 2]).reshaped([b, 1, g * p, g * p])
    }

    /// Teacher forcing (training): the logits of frames 1..<T [T - 1, B, 1, 64, 64], each predicted from the
    /// true frames before it.
    ///
    /// With `ownPredictionAt`, the input of each step t listed there is the model's own prediction of frame t
    /// (detached: no gradient flows into the earlier step through it) instead of the true frame: scheduled
    /// sampling (Bengio et al. 2015), which shows the model its own blurred frames during training.
    public func teacherForced(_ frames: Tensor<Float>, ownPredictionAt: Set<Int> = []) -> Tensor<Float> {
        if frames.rank != 5 || frames.shape[0] < 2 || Array(frames.shape[2...]) != [1, MovingMNIST.canvas, MovingMNIST.canvas] {
            failure("NextFrameModel: frames of shape \(frames.shape), expected [T >= 2, B, 1, 64, 64]")
        }
        let b = frames.shape[1], g = MovingMNIST.canvas / config.patchSize
        var states = convLSTM.zeroStates(batchSize: b, size: Size2D(g, g))
        var logits: [Tensor<Float>] = []
        for t in 0..<(frames.shape[0] - 1) {
            let input = t > 0 && ownPredictionAt.contains(t)
                ? sigmoid(logits[t - 1]).detached() : frames.slice(axis: 0, t..<(t + 1)).squeezed(0)
            let r = convLSTM.step(fold(input), states: states)
            states = r.states
            logits.append(unfold(head(r.output)))
        }
        return Tensor.stack(logits)
    }

    /// Free running (evaluation): the logits of the predicted frames [outputFrames, B, 1, 64, 64] from
    /// `frames` [T, B, 1, 64, 64] (only the first `inputFrames` are read).
    public func callAsFunction(_ frames: Tensor<Float>) -> Tensor<Float> {
        let (tin, tout) = (config.inputFrames, config.outputFrames)
        if frames.rank != 5 || frames.shape[0] < tin || Array(frames.shape[2...]) != [1, MovingMNIST.canvas, MovingMNIST.canvas] {
            failure("NextFrameModel: frames of shape \(frames.shape), expected [>= \(tin), B, 1, 64, 64]")
        }
        let b = frames.shape[1], g = MovingMNIST.canvas / config.patchSize
        var states = convLSTM.zeroStates(batchSize: b, size: Size2D(g, g))
        var input = frames.slice(axis: 0, 0..<1).squeezed(0)
        var predictions: [Tensor<Float>] = []
        for t in 0..<(tin + tout - 1) {
            let r = convLSTM.step(fold(input), states: states)
            states = r.states
            if t >= tin - 1 {
                let logits = unfold(head(r.output))
                predictions.append(logits)
                input = sigmoid(logits)
            } else {
                input = frames.slice(axis: 0, (t + 1)..<(t + 2)).squeezed(0)
            }
        }
        return Tensor.stack(predictions)
    }
}
