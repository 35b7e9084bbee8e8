/// Truncated backpropagation through time (Williams & Peng 1990; Sutskever 2013's notation k1, k2) for a
/// sequence too long to backpropagate through at once.
///
/// - `k1`: how many steps pass between parameter updates. Every k1 steps, the loss of those newest k1
///   steps is backpropagated and the optimizer steps.
/// - `k2`: how many steps that backpropagation reaches back (k2 >= k1): each update runs the window of the
///   k2 steps ending at the update (fewer at the start and at a short last update) from the state at its
///   start, carried over from the previous windows but detached, so gradients never flow further back.
///
/// `k1 == k2 == k` is the usual char-rnn scheme: cut the sequence into chunks of k steps, carry the
/// (detached) state from chunk to chunk, update after each chunk; each step's gradient reaches back only to
/// the start of its chunk. `k2 > k1` recomputes the last k2 - k1 steps before every update so that even the
/// first of the k1 new steps gets at least k2 - k1 steps of history in its gradient, at the price of
/// running k2 / k1 times as many forward steps.
///
///     let tbptt = TruncatedBPTT(k1: 25, k2: 50)
///     let final = tbptt.run(length: T, initialState: lstm.zeroState(batchSize: B)) { range, state in
///         let out = layer(x.slice(axis: 0, range), initialState: state)      // the model on steps `range`
///         return (out.outputs, out.finalState)
///     } loss: { outputs, range in
///         crossEntropy(logits: head(outputs), targets: targets(range))        // loss of steps `range`
///     } update: { loss in
///         optimizer.step(); optimizer.zeroGrad()
///     }
public struct TruncatedBPTT: Sendable {
    public let k1: Int
    public let k2: Int

    public init(k1: Int, k2: Int) {
        if k1 < 1 || k2 < k1 {
            failure("TruncatedBPTT: need 1 <= k1 <= k2, got k1 = \(k1), k2 = \(k2)")
        }
        self.k1 = k1
        self.k2 = k2
    }

    /// One update: run steps `window` from the detached state at its start; the loss covers `lossSteps`
    /// (the last k1 steps of the window, fewer at the end of the sequence).
    public struct Update: Equatable, Sendable {
        public var window: Range<Int>
        public var lossSteps: Range<Int>
    }

    /// The updates for a sequence of `length` steps, in order.
    public func updates(length: Int) -> [Update] {
        stride(from: 0, to: length, by: k1).map { start in
            Update(window: Swift.max(0, start + k1 - k2)..<Swift.min(start + k1, length),
                   lossSteps: start..<Swift.min(start + k1, length))
        }
    }

    /// Trains over a sequence of `length` steps.
    ///
    /// - Parameters:
    ///   - length: the number of steps of the sequence.
    ///   - initialState: the state before step 0.
    ///   - forward: runs the model over the given steps from the given state; returns its outputs for those
    ///     steps (time-major, [steps, ...]) and the state after the last one.
    ///   - loss: the loss of the given outputs, which belong to the given steps.
    ///   - update: called after `loss.backward()` with the loss value: step the optimizer, zero gradients.
    /// - Returns: the detached state after the whole sequence (carry it into the next sequence for
    ///   stateful training).
    @discardableResult
    public func run<State: RecurrentState>(
        length: Int, initialState: State,
        forward: (Range<Int>, State) -> (outputs: Tensor<State.Scalar>, state: State),
        loss: (Tensor<State.Scalar>, Range<Int>) -> Tensor<State.Scalar>,
        update: (Double) -> Void
    ) -> State {
        var startState = initialState.detached()   // the state at the start of the next window
        var startIndex = 0
        var finalState = startState
        let all = updates(length: length)
        for (n, u) in all.enumerated() {
            // Capture the state where the next window starts, on the way through this one.
            let nextStart = n + 1 < all.count ? all[n + 1].window.lowerBound : u.window.upperBound
            precondition(u.window.lowerBound == startIndex, "TruncatedBPTT: internal window bookkeeping")
            var state = startState
            var pieces: [Tensor<State.Scalar>] = []
            var captured: State? = nextStart == u.window.lowerBound ? startState : nil
            if nextStart > u.window.lowerBound && nextStart < u.window.upperBound {
                let first = forward(u.window.lowerBound..<nextStart, state)
                pieces.append(first.outputs)
                state = first.state
                captured = first.state.detached()
            }
            let restStart = pieces.isEmpty ? u.window.lowerBound : nextStart
            let rest = forward(restStart..<u.window.upperBound, state)
            pieces.append(rest.outputs)
            if captured == nil { captured = rest.state.detached() }
            let outputs = pieces.count == 1 ? pieces[0] : Tensor.concat(pieces, axis: 0)
            let lossOutputs = outputs.slice(axis: 0, (u.lossSteps.lowerBound - u.window.lowerBound)..<outputs.shape[0])
            let value = loss(lossOutputs, u.lossSteps)
            value.backward()
            update(Double(value.item))
            startState = captured!
            startIndex = nextStart
            finalState = rest.state.detached()
        }
        return finalState
    }
}
