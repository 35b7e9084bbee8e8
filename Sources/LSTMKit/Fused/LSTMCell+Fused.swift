extension LSTMCell {
    /// The native kernel of this CPU ("native-avx512", `NativeKernels`) in Float without projection, then the
    /// Swift fused kernel ("fused"), which runs every configuration.
    public var sequenceKernels: [RecurrentKernel] {
        let native = Scalar.self == Float.self && projectionSize == 0 ? NativeKernels.kernel : nil
        return (native.map { [$0] } ?? []) + [.fused]
    }

    /// The fused kernel (`lstmForward` / `lstmBackward`; with a native `kernel`, their C time loops) over
    /// x [T, B, D] as ONE autodiff op with inputs (x, h0, c0, weightIH, weightHH, biasIH, biasHH, weightHR)
    /// (absent biases and projection left out) and outputs (out [T, B, R], h[T] [B, R], c[T] [B, H]),
    /// R = `outputSize`.
    ///
    /// Every configuration of the cell is supported (with or without biases and projection); it returns nil,
    /// so that `Recurrent` runs the reference, only for an empty sequence or batch (T = 0 or B = 0). The
    /// trace, when requested, is built from the kernel's cache as constants (not connected to the autodiff
    /// graph).
    public func fusedSequence(
        _ x: Tensor<Scalar>, initialState: LSTMState<Scalar>, mask: Tensor<Scalar>?, trace: Bool,
        kernel: RecurrentKernel
    ) -> RecurrentOutput<LSTMState<Scalar>>? {
        guard x.rank == 3, x.shape[0] > 0, x.shape[1] > 0 else { return nil }
        let (steps, batch, h, r) = (x.shape[0], x.shape[1], hiddenSize, outputSize)
        if x.shape[2] != inputSize {
            failure("LSTMCell (fused): input of shape \(x.shape), expected [T, B, \(inputSize)] (inputSize \(inputSize))")
        }
        checkState(initialState, batchSize: batch, "LSTMCell (fused)")
        let h0 = initialState.h, c0 = initialState.c
        let wih = weightIH.value, whh = weightHH.value, whr = weightHR?.value
        let biases = biasIH.flatMap { bih in biasHH.map { [bih.value, $0.value] } } ?? []
        let keep = mask?.scalars
        let cache = LSTMCache<Scalar>(steps: steps, batch: batch, inputSize: inputSize, hiddenSize: h,
                                      projectionSize: projectionSize, nativeISA: kernel.nativeISA)
        cache.packedWeights = cachedGatePanels(kernel.nativeISA, weightIH: weightIH, weightHH: weightHH, gates: 4,
                                               hiddenSize: h)

        // Optional buffers go last, in this order: biasIH, biasHH, weightHR, keep.
        let hasBias = !biases.isEmpty, hasProjection = whr != nil
        let optionals = biases.map(\.scalars) + (whr.map { [$0.scalars] } ?? []) + (keep.map { [$0] } ?? [])
        let (biasIndex, projectionIndex) = (5, hasBias ? 7 : 5)
        let keepIndex = projectionIndex + (hasProjection ? 1 : 0)
        let out = makeScalars(steps * batch * r) { out in
            withBasePointers([x.scalars, h0.scalars, c0.scalars, wih.scalars, whh.scalars] + optionals) { p in
                lstmForward(cache, out: out, x: p[0], h0: p[1], c0: p[2], weightIH: p[3], weightHH: p[4],
                            weightHR: hasProjection ? p[projectionIndex] : nil,
                            biasIH: hasBias ? p[biasIndex] : nil, biasHH: hasBias ? p[biasIndex + 1] : nil,
                            keep: keep == nil ? nil : p[keepIndex])
            }
        }
        let hN = Tensor(shape: [batch, r], scalars: Array(UnsafeBufferPointer(start: cache.finalH, count: batch * r)))
        let cN = Tensor(shape: [batch, h], scalars: Array(UnsafeBufferPointer(start: cache.finalC, count: batch * h)))
        let outputs = Tensor(shape: [steps, batch, r], scalars: out)

        // What backward reads besides the cache (arrays share storage with the inputs: no copies).
        let (xs, wihs, whhs, whrs) = (x.scalars, wih.scalars, whh.scalars, whr?.scalars)
        let needsDX = x.requiresGrad
        let (d, g4, p) = (inputSize, 4 * h, projectionSize)
        let results = Tensor.customOp(
            name: "LSTM (\(kernel))", inputs: [x, h0, c0, wih, whh] + biases + (whr.map { [$0] } ?? []),
            outputs: [outputs, hN, cN]
        ) { dOutputs in
            // dh0, dc0, dW_ih, dW_hh, dBias (if any), dW_hr (if any), dX (if x needs it)
            let grads = GradientBlock<Scalar>(sizes: [batch * r, batch * h, g4 * d, g4 * r, hasBias ? g4 : 0,
                                                      p * h, needsDX ? steps * batch * d : 0])
            let optionals = (whrs.map { [$0] } ?? []) + (keep.map { [$0] } ?? [])
            withBasePointers([dOutputs[0].scalars, dOutputs[1].scalars, dOutputs[2].scalars, xs, wihs, whhs]
                             + optionals) { q in
                lstmBackward(
                    cache, dOut: q[0], dhN: q[1], dcN: q[2], x: q[3], weightIH: q[4], weightHH: q[5],
                    weightHR: hasProjection ? q[6] : nil, keep: keep == nil ? nil : q[hasProjection ? 7 : 6],
                    dX: grads.pointer(6), dh0: grads.pointer(0)!, dc0: grads.pointer(1)!,
                    dWeightIH: grads.pointer(2)!, dWeightHH: grads.pointer(3)!, dWeightHR: grads.pointer(5),
                    dBias: grads.pointer(4))
            }
            let dBias = grads.tensor(4, [g4]), dWeightHR = grads.tensor(5, [p, h])
            return [grads.tensor(6, [steps, batch, d]), grads.tensor(0, [batch, r]), grads.tensor(1, [batch, h]),
                    grads.tensor(2, [g4, d]), grads.tensor(3, [g4, r])]
                + (dBias.map { [$0, $0] } ?? []) + (dWeightHR.map { [$0] } ?? [])
        }

        var traceResult: RecurrentTrace<Scalar>? = nil
        if trace {
            let gates = splitGateBlocks(cache.gates, steps: steps, batch: batch, hiddenSize: h, blocks: 4)
            let hs = Array(UnsafeBufferPointer(start: cache.h + batch * r, count: steps * batch * r))
            let cs = Array(UnsafeBufferPointer(start: cache.c + batch * h, count: steps * batch * h))
            traceResult = RecurrentTrace(
                gates: Dictionary(uniqueKeysWithValues: zip(gateNames, gates)),
                states: ["h": Tensor(shape: [steps, batch, r], scalars: hs),
                         "c": Tensor(shape: [steps, batch, h], scalars: cs)])
        }
        return RecurrentOutput(outputs: results[0], finalState: LSTMState(h: results[1], c: results[2]),
                               trace: traceResult)
    }
}
