extension GRUCell {
    /// The native kernel of this CPU ("native-avx512", `NativeKernels`) in Float, then the Swift fused kernel
    /// ("fused"), which runs every configuration.
    public var sequenceKernels: [RecurrentKernel] {
        let native = Scalar.self == Float.self ? NativeKernels.kernel : nil
        return (native.map { [$0] } ?? []) + [.fused]
    }

    /// The fused kernel (`gruForward` / `gruBackward`; with a native `kernel`, their C time loops) over
    /// x [T, B, D] as ONE autodiff op with inputs (x, h0, weightIH, weightHH, biasIH, biasHH) and outputs
    /// (out [T, B, H], h[T] [B, H]).
    ///
    /// Returns nil, so that `Recurrent` runs the reference, only for an empty sequence or batch (T = 0 or
    /// B = 0). The trace, when requested, is built from the kernel's cache as constants (not connected to
    /// the autodiff graph).
    public func fusedSequence(
        _ x: Tensor<Scalar>, initialState: HiddenState<Scalar>, mask: Tensor<Scalar>?, trace: Bool,
        kernel: RecurrentKernel
    ) -> RecurrentOutput<HiddenState<Scalar>>? {
        guard x.rank == 3, x.shape[0] > 0, x.shape[1] > 0 else { return nil }
        let (steps, batch, h) = (x.shape[0], x.shape[1], hiddenSize)
        if x.shape[2] != inputSize {
            failure("GRUCell (fused): input of shape \(x.shape), expected [T, B, \(inputSize)] (inputSize \(inputSize))")
        }
        checkState(initialState, batchSize: batch, "GRUCell (fused)")
        let h0 = initialState.h
        let wih = weightIH.value, whh = weightHH.value
        let biases = biasIH.flatMap { bih in biasHH.map { [bih.value, $0.value] } } ?? []
        let keep = mask?.scalars
        let cache = GRUCache<Scalar>(steps: steps, batch: batch, inputSize: inputSize, hiddenSize: h,
                                     nativeISA: kernel.nativeISA)
        cache.packedWeights = cachedGatePanels(kernel.nativeISA, weightIH: weightIH, weightHH: weightHH, gates: 3,
                                               hiddenSize: h)

        let out = makeScalars(steps * batch * h) { out in
            withBasePointers([x.scalars, h0.scalars, wih.scalars, whh.scalars] + biases.map(\.scalars)
                             + (keep.map { [$0] } ?? [])) { p in
                let hasBias = !biases.isEmpty
                gruForward(cache, out: out, x: p[0], h0: p[1], weightIH: p[2], weightHH: p[3],
                           biasIH: hasBias ? p[4] : nil, biasHH: hasBias ? p[5] : nil,
                           keep: keep == nil ? nil : p[hasBias ? 6 : 4])
            }
        }
        let hN = Tensor(shape: [batch, h], scalars: Array(UnsafeBufferPointer(start: cache.finalH, count: batch * h)))
        let outputs = Tensor(shape: [steps, batch, h], scalars: out)

        // What backward reads besides the cache (arrays share storage with the inputs: no copies).
        let (xs, wihs, whhs) = (x.scalars, wih.scalars, whh.scalars)
        let needsDX = x.requiresGrad
        let (d, g3) = (inputSize, 3 * h)
        let results = Tensor.customOp(
            name: "GRU (\(kernel))", inputs: [x, h0, wih, whh] + biases, outputs: [outputs, hN]
        ) { dOutputs in
            // dh0, dW_ih, dW_hh, db_ih, db_hh (if any), dX (if x needs it)
            let bias = biases.isEmpty ? 0 : g3
            let grads = GradientBlock<Scalar>(sizes: [batch * h, g3 * d, g3 * h, bias, bias,
                                                      needsDX ? steps * batch * d : 0])
            withBasePointers([dOutputs[0].scalars, dOutputs[1].scalars, xs, wihs, whhs]
                             + (keep.map { [$0] } ?? [])) { p in
                gruBackward(
                    cache, dOut: p[0], dhN: p[1], x: p[2], weightIH: p[3], weightHH: p[4],
                    keep: keep == nil ? nil : p[5], dX: grads.pointer(5), dh0: grads.pointer(0)!,
                    dWeightIH: grads.pointer(1)!, dWeightHH: grads.pointer(2)!,
                    dBiasIH: grads.pointer(3), dBiasHH: grads.pointer(4))
            }
            let dBiases = biases.isEmpty ? [] : [grads.tensor(3, [g3]), grads.tensor(4, [g3])]
            return [grads.tensor(5, [steps, batch, d]), grads.tensor(0, [batch, h]),
                    grads.tensor(1, [g3, d]), grads.tensor(2, [g3, h])] + dBiases
        }

        var traceResult: RecurrentTrace<Scalar>? = nil
        if trace {
            let gates = splitGateBlocks(cache.gates, steps: steps, batch: batch, hiddenSize: h, blocks: 3)
            let hs = Array(UnsafeBufferPointer(start: cache.h + batch * h, count: steps * batch * h))
            traceResult = RecurrentTrace(
                gates: Dictionary(uniqueKeysWithValues: zip(gateNames, gates)),
                states: ["h": Tensor(shape: [steps, batch, h], scalars: hs)])
        }
        return RecurrentOutput(outputs: results[0], finalState: HiddenState(h: results[1]), trace: traceResult)
    }
}
