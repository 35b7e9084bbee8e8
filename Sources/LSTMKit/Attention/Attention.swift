/// Attention of queries over keys: every query scores every key, masked keys are left out, a softmax over the
/// keys gives the weights, and the context is the weighted sum of the values. Batch-first, as `torch.bmm`:
/// query [B, Tq, Dq], keys [B, Tk, Dk], values [B, Tk, Dv].
///
///     score(q, k) = v^T tanh(W_q q + W_k k)   additive (Bahdanau et al. 2015)   W_q [A, Dq], W_k [A, Dk], v [A]
///                 = q^T k                     dot (Luong et al. 2015)           Dq == Dk
///                 = q^T W k                   general (Luong et al. 2015)       W [Dq, Dk]
///                 = q^T k / sqrt(Dk)          scaled dot (Vaswani et al. 2017)  Dq == Dk
///     e[b, i, j] = score(q[b, i], k[b, j]), or -inf where key j of sequence b is masked     [B, Tq, Tk]
///     a[b, i, :] = softmax(e[b, i, :])                                                       [B, Tq, Tk]
///     c[b, i]    = sum_j a[b, i, j] * v[b, j]                                                [B, Tq, Dv]
///
/// Written with differentiable ops only (`matmul`, `tanh`, `softmax`, broadcasting `+`), so the gradients come
/// from autodiff: this is the reference, and the only implementation. Every batched product is one `matmul`
/// (a loop of B GEMMs for [B, Tq, Dq] @ [B, Dk, Tk], one GEMM for a shared weight).
///
/// Parameters (as `nn.Linear(bias=False)` weights): additive `queryProjection.weight` W_q [A, Dq],
/// `keyProjection.weight` W_k [A, Dk], `scoreVector` v [A]; general `keyProjection.weight` W [Dq, Dk]
/// (applied to the keys: `q^T W k = q . (k @ W^T)`); dot and scaled dot have none. Initialization as PyTorch's
/// `nn.Linear`: U(-1/sqrt(fan in), 1/sqrt(fan in)); v ~ U(-1/sqrt(A), 1/sqrt(A)).
///
/// The key projections depend only on the keys, so they are computed once per `Memory` and reused for every
/// query (a decoder's steps):
///
///     let attention = Attention<Float>(.general, querySize: 256, keySize: 512, rng: RandomSource(seed: 0))
///     let memory = attention.memory(keys: encoderOutputs, keyLengths: sourceLengths)   // keys [B, S, 512]
///     let (context, weights) = attention(h.unsqueezed(1), memory: memory)   // [B, 1, 512], [B, 1, S]
public final class Attention<Scalar: TensorScalar>: Module {
    public let score: AttentionScore
    /// Dq, the width of a query.
    public let querySize: Int
    /// Dk, the width of a key.
    public let keySize: Int
    /// A, the hidden width of the additive score (0 for the other scores).
    public let attentionSize: Int
    /// W_q [A, Dq] (additive only).
    public let queryProjection: Linear<Scalar>?
    /// W_k [A, Dk] (additive) or W [Dq, Dk] (general), applied to the keys.
    public let keyProjection: Linear<Scalar>?
    /// v [A] (additive only).
    public let scoreVector: Parameter<Scalar>?
    public var isTraining = true

    /// - Parameters:
    ///   - score: how a query scores a key (see `AttentionScore` and the equations above).
    ///   - querySize: Dq, the width of a query.
    ///   - keySize: Dk, the width of a key.
    ///   - attentionSize: A for the additive score (0: A = querySize); must be 0 for the others.
    ///   - rng: draws the initial weights of the projections.
    public init(_ score: AttentionScore, querySize: Int, keySize: Int, attentionSize: Int = 0,
                rng: RandomSource = .global) {
        if let (field, message) = score.problem(querySize: querySize, keySize: keySize, attentionSize: attentionSize) {
            failure("Attention(\(score.rawValue)): \(field) \(message)")
        }
        self.score = score
        self.querySize = querySize
        self.keySize = keySize
        switch score {
        case .additive:
            let a = attentionSize > 0 ? attentionSize : querySize
            self.attentionSize = a
            queryProjection = Linear(inputSize: querySize, outputSize: a, bias: false, rng: rng)
            keyProjection = Linear(inputSize: keySize, outputSize: a, bias: false, rng: rng)
            let bound = 1 / Double(a).squareRoot()
            scoreVector = Parameter(Initializers.uniform([a], -bound, bound, rng, "Attention"), name: "scoreVector")
        case .general:
            self.attentionSize = 0
            queryProjection = nil
            keyProjection = Linear(inputSize: keySize, outputSize: querySize, bias: false, rng: rng)
            scoreVector = nil
        case .dot, .scaledDot:
            self.attentionSize = 0
            queryProjection = nil
            keyProjection = nil
            scoreVector = nil
        }
    }

    /// Keys and values prepared for any number of queries: the keys as the score reads them (projected for
    /// the additive and general scores) and the mask as a bias on the scores.
    public struct Memory {
        /// v [B, Tk, Dv], what the context averages.
        public let values: Tensor<Scalar>
        /// The keys as the score reads them, [B, Tk, *]: W_k k (additive, * = A), W k (general, * = Dq), or k.
        public let scoreKeys: Tensor<Scalar>
        /// 0 at real keys and -inf at masked ones, [B, 1, Tk]; nil when no key is masked.
        public let maskBias: Tensor<Scalar>?

        /// B.
        public var batchSize: Int { values.shape[0] }
        /// Tk.
        public var keyCount: Int { values.shape[1] }

        /// The memory of the sequences `rows` (indices into the batch, repeats allowed), e.g. one sentence
        /// repeated for every hypothesis of a beam.
        public func selecting(rows: [Int]) -> Memory {
            Memory(values: values.indexSelect(axis: 0, rows), scoreKeys: scoreKeys.indexSelect(axis: 0, rows),
                   maskBias: maskBias?.indexSelect(axis: 0, rows))
        }
    }

    /// Prepares keys [B, Tk, Dk] and values [B, Tk, Dv] (nil: the keys) for `callAsFunction(_:memory:)`.
    /// Mask keys with `keyLengths` (sequence b has real keys 0..<keyLengths[b], each in 1...Tk) or `keyMask`
    /// [B, Tk] (1 = attend, 0 = masked; every row needs a 1). PyTorch's `key_padding_mask` is the opposite
    /// (True = masked).
    public func memory(keys: Tensor<Scalar>, values: Tensor<Scalar>? = nil, keyLengths: [Int]? = nil,
                       keyMask: Tensor<Scalar>? = nil) -> Memory {
        let op = "Attention(\(score.rawValue)).memory"
        if keys.rank != 3 || keys.shape[2] != keySize {
            failure("\(op): keys of shape \(keys.shape), expected [B, Tk, \(keySize)] (keySize \(keySize))")
        }
        let (b, tk) = (keys.shape[0], keys.shape[1])
        let v = values ?? keys
        if v.rank != 3 || v.shape[0] != b || v.shape[1] != tk {
            failure("\(op): values of shape \(v.shape) do not match keys \(keys.shape): expected [B, Tk, Dv] = [\(b), \(tk), Dv]")
        }
        let scoreKeys = keyProjection.map { $0(keys) } ?? keys                  // [B, Tk, A | Dq | Dk]
        return Memory(values: v, scoreKeys: scoreKeys, maskBias: Self.maskBias(b, tk, keyLengths, keyMask, op))
    }

    /// e [B, Tq, Tk]: the score of every query against every key, -inf at masked keys.
    public func scores(_ query: Tensor<Scalar>, memory: Memory) -> Tensor<Scalar> {
        let (b, tk) = (memory.batchSize, memory.keyCount)
        if query.rank != 3 || query.shape[0] != b || query.shape[2] != querySize {
            failure("Attention(\(score.rawValue)): query of shape \(query.shape), expected [B, Tq, Dq] = " +
                    "[\(b), Tq, \(querySize)] for a memory of \(b) sequences of \(tk) keys")
        }
        let tq = query.shape[1]
        var e: Tensor<Scalar>
        switch score {
        case .dot, .general:
            e = matmul(query, memory.scoreKeys, transposeB: true)                         // [B, Tq, Tk]
        case .scaledDot:
            e = matmul(query, memory.scoreKeys, transposeB: true) / Scalar(keySize).squareRoot()
        case .additive:
            let a = attentionSize
            let q = queryProjection!(query)                                               // [B, Tq, A]
            let hidden = tanh(q.unsqueezed(2) + memory.scoreKeys.unsqueezed(1))           // [B, Tq, Tk, A]
            e = matmul(hidden.reshaped([b * tq * tk, a]), scoreVector!.value.reshaped([a, 1]))
                .reshaped([b, tq, tk])                                                    // [B, Tq, Tk]
        }
        if let bias = memory.maskBias { e = e + bias }                                   // -inf where masked
        return e
    }

    /// The context c [B, Tq, Dv] and the weights a [B, Tq, Tk] of queries [B, Tq, Dq] over `memory`.
    public func callAsFunction(_ query: Tensor<Scalar>, memory: Memory) -> (context: Tensor<Scalar>, weights: Tensor<Scalar>) {
        let a = softmax(scores(query, memory: memory), axis: -1)                         // [B, Tq, Tk]
        return (matmul(a, memory.values), a)                                              // [B, Tq, Dv]
    }

    /// Attention of query [B, Tq, Dq] over keys [B, Tk, Dk] and values [B, Tk, Dv] (nil: the keys) in one
    /// call; see `memory(keys:values:keyLengths:keyMask:)` for the mask.
    public func callAsFunction(
        _ query: Tensor<Scalar>, keys: Tensor<Scalar>, values: Tensor<Scalar>? = nil, keyLengths: [Int]? = nil,
        keyMask: Tensor<Scalar>? = nil
    ) -> (context: Tensor<Scalar>, weights: Tensor<Scalar>) {
        self(query, memory: memory(keys: keys, values: values, keyLengths: keyLengths, keyMask: keyMask))
    }

    /// The [B, 1, Tk] bias (0 = attend, -inf = masked) from lengths or a 0/1 mask, validated; nil if all real.
    static func maskBias(_ b: Int, _ tk: Int, _ lengths: [Int]?, _ mask: Tensor<Scalar>?, _ op: String) -> Tensor<Scalar>? {
        var keep: [Bool]
        if let lengths {
            if mask != nil { failure("\(op): pass either keyLengths or keyMask, not both") }
            if lengths.count != b { failure("\(op): \(lengths.count) keyLengths for a batch of \(b) sequences") }
            for (row, n) in lengths.enumerated() where n < 1 || n > tk {
                failure("\(op): keyLengths[\(row)] = \(n) is outside 1...\(tk) (Tk = \(tk))")
            }
            keep = (0..<(b * tk)).map { $0 % tk < lengths[$0 / tk] }
        } else if let mask {
            if mask.shape != [b, tk] { failure("\(op): keyMask of shape \(mask.shape), expected [B, Tk] = [\(b), \(tk)]") }
            if mask.scalars.contains(where: { $0 != 0 && $0 != 1 }) { failure("\(op): keyMask values must be 0 or 1") }
            keep = mask.scalars.map { $0 == 1 }
            for row in 0..<b where !keep[(row * tk)..<((row + 1) * tk)].contains(true) {
                failure("\(op): keyMask row \(row) masks every key; each sequence needs at least one key")
            }
        } else {
            return nil
        }
        if !keep.contains(false) { return nil }
        return Tensor(shape: [b, 1, tk], scalars: keep.map { $0 ? 0 : -Scalar.infinity })
    }
}
