import CRecurrent

/// Streaming inference over a recurrent stack: one time step per call, the state carried from call to call
/// inside the stream, as a keyword spotter, a live forecaster or a character sampler calls a model.
///
///     let lstm = LSTM<Float>(inputSize: 40, hiddenSize: 128)
///     lstm.isTraining = false
///     let stream = RecurrentStream(lstm, batchSize: 1)
///     for frame in frames {                 // each frame [B, D]
///         let h = stream.step(frame)        // [B, O]: the last layer's output for this step
///     }
///     stream.reset()                        // back to the zero state
///
/// A call gives what `stack(x, initialStates: previous)` gives for x = the frame as a one-step sequence
/// [1, B, D], previous being the final states of the call before (tested equal, on every kernel). It is
/// inference: nothing is recorded for autodiff; train with `stack(...)`.
///
/// For an LSTM (no projection) or GRU in Float whose layers resolve to a native kernel (`NativeKernels`), a
/// call runs each layer's native forward step for T = 1 on buffers the stream keeps: the weights packed
/// once per version of the weights (`Parameter.version`, so an optimizer step or a loaded checkpoint is
/// seen), the summed biases likewise, the state updated in place. The per-call cost is then the kernel's
/// and little else. Every other stack (Double, projection, other cells, regularization active, dropout
/// between layers in training mode) runs through `stack(...)` itself, step by step. `lastKernel` says
/// which ran.
public final class RecurrentStream<Cell: RecurrentCell> {
    public typealias Scalar = Cell.Scalar
    /// The stack the stream runs (its current weights and settings are read at every call).
    public let stack: RecurrentStack<Cell>
    /// B: the rows of every frame.
    public let batchSize: Int
    /// What the last call ran: a native kernel ("native-avx512", ...) or the stack's own chain
    /// ("stack: fused", ...).
    public private(set) var lastKernel = "none"

    /// The state in the stack's h_n order (layer * directions), for the general path.
    private var carried: [Cell.State]?
    /// The native path's buffers, one per layer (made at the first native call).
    private var nativeLayers: [NativeStreamLayer]?

    /// - Parameters:
    ///   - stack: a unidirectional stack (a reverse direction needs the whole sequence).
    ///   - batchSize: the rows B of each frame, >= 1.
    public init(_ stack: RecurrentStack<Cell>, batchSize: Int = 1) {
        if stack.isBidirectional {
            failure("RecurrentStream: a bidirectional stack cannot stream (its reverse layers read the sequence's end first)")
        }
        if stack.batchFirst { failure("RecurrentStream: frames are [B, D]; set batchFirst = false on the stack") }
        if batchSize < 1 { failure("RecurrentStream: batchSize must be at least 1, got \(batchSize)") }
        self.stack = stack
        self.batchSize = batchSize
    }

    /// The carried state in the stack's h_n order (`finalStates` of a stack call); setting it continues from
    /// that state.
    public var states: [Cell.State] {
        get {
            if let nativeLayers {
                return nativeLayers.map { layer in
                    Cell.State(components: layer.stateComponents().map { $0.converted(to: Scalar.self) })
                }
            }
            return carried ?? stack.layers.map { $0.cell.zeroState(batchSize: batchSize) }
        }
        set {
            if newValue.count != stack.layers.count {
                failure("RecurrentStream: \(newValue.count) states for \(stack.layers.count) layers")
            }
            for (l, state) in newValue.enumerated() {
                stack.layers[l].cell.checkState(state, batchSize: batchSize, "RecurrentStream")
            }
            carried = newValue
            if let nativeLayers {
                for (layer, state) in zip(nativeLayers, newValue) {
                    layer.setState(state.components.map { $0.converted(to: Float.self) })
                }
            }
        }
    }

    /// Back to the zero state.
    public func reset() {
        carried = nil
        nativeLayers?.forEach { $0.zeroState() }
    }

    /// Runs one step: x [B, D] -> the last layer's output [B, O].
    public func step(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let inputSize = stack.layers[0].cell.inputSize
        if x.shape != [batchSize, inputSize] {
            failure("RecurrentStream.step: frame of shape \(x.shape), expected [\(batchSize), \(inputSize)] ([B, D])")
        }
        if let isaName = nativeISA() {
            if nativeLayers == nil || nativeLayers![0].isaName != isaName {
                makeNativeLayers(isaName, state: nativeLayers == nil ? carried : states)
            }
            lastKernel = "native-\(isaName)"
            let out = x.scalars.withUnsafeBufferPointer { runNative(floats($0.baseAddress!)) }
            // Scalar is Float on this path (`nativeISA()`): the same array, no conversion.
            return Tensor(shape: [batchSize, out.count / batchSize], scalars: unsafeBitCast(out, to: [Scalar].self))
        }
        if let nativeLayers {   // leaving the native path: carry its state over
            carried = nativeLayers.map { Cell.State(components: $0.stateComponents().map { $0.converted(to: Scalar.self) }) }
            self.nativeLayers = nil
        }
        let out = withoutGrad { stack(x.reshaped([1, batchSize, inputSize]), initialStates: carried) }
        carried = out.finalStates
        lastKernel = "stack: \(stack.layers.last!.lastImplementation)"
        return out.outputs.reshaped([batchSize, out.outputs.shape[2]])
    }

    /// The native ISA every layer resolves to, when this stack can run natively now; nil otherwise.
    private func nativeISA() -> String? {
        guard Scalar.self == Float.self else { return nil }
        if stack.isTraining && stack.interLayerDropout.probability > 0 && stack.layers.count > 1 { return nil }
        var isa: String? = nil
        for layer in stack.layers {
            guard let name = layer.resolvedImplementation.nativeISA, isa == nil || isa == name else { return nil }
            if let cell = layer.cell as? LSTMCell<Float> {
                if cell.projectionSize != 0 { return nil }
            } else if !(layer.cell is GRUCell<Float>) {
                return nil
            }
            isa = name
        }
        return isa
    }

    private func makeNativeLayers(_ isaName: String, state: [Cell.State]?) {
        nativeLayers = stack.layers.map { layer in
            if let cell = layer.cell as? LSTMCell<Float> {
                return NativeStreamLayer(lstm: cell, isaName: isaName, batch: batchSize)
            }
            return NativeStreamLayer(gru: layer.cell as! GRUCell<Float>, isaName: isaName, batch: batchSize)
        }
        if let state {
            for (layer, s) in zip(nativeLayers!, state) { layer.setState(s.components.map { $0.converted(to: Float.self) }) }
        }
    }

    private func runNative(_ x: UnsafePointer<Float>) -> [Float] {
        var input = x
        for (l, layer) in nativeLayers!.enumerated() {
            layer.step(input)
            if stack.residual && l > 0 && layer.inputSize == layer.hiddenSize {
                for k in 0..<(batchSize * layer.hiddenSize) { layer.out.pointer[k] += input[k] }
            }
            input = UnsafePointer(layer.out.pointer)
        }
        let last = nativeLayers!.last!
        return Array(UnsafeBufferPointer(start: last.out.pointer, count: batchSize * last.hiddenSize))
    }
}
