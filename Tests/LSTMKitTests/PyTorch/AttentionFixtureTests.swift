import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Attention and the encoder-decoder against PyTorch with the same weights (Fixtures/attention.json, from
/// Tools/fixtures/attention.py, which rebuilds them from the doc-comment equations with torch ops, `nn.LSTM` /
/// `nn.GRU` over packed batches and `nn.LSTMCell` / `nn.GRUCell`), in Double (1e-10) and Float (1e-5):
/// - attention: the context and the weights, and the gradients of `sum(c * U) + sum(a * V)` for the query,
///   the keys, the values and every weight;
/// - seq2seq: the teacher-forced logits and loss, and the loss's gradient for every parameter (the encoder
///   through `.reference` and `.native`).
@Suite struct AttentionFixtureTests {
    struct Inputs: Decodable, Sendable {
        struct Upstream: Decodable, Sendable {
            let context: FixtureTensor
            let weights: FixtureTensor
        }
        let query: FixtureTensor             // [B, Tq, Dq]
        let keys: FixtureTensor              // [B, Tk, Dk]
        let values: FixtureTensor?           // [B, Tk, Dv]; nil: the keys
        let parameters: [String: FixtureTensor]
        let upstream: Upstream
    }

    struct AttentionRecord: Decodable, Sendable {
        let context: FixtureTensor
        let weights: FixtureTensor
        let queryGrad: FixtureTensor
        let keysGrad: FixtureTensor
        let valuesGrad: FixtureTensor?
        let parameterGrads: [String: FixtureTensor]
    }

    struct AttentionCase: Decodable, Sendable {
        let name: String
        let score: AttentionScore
        let sizes: [String: Int]
        let keyLengths: [Int]?
        let keyMask: [[Int]]?
        let valuesAreKeys: Bool
        let inputs: Inputs
        let float64: AttentionRecord
        let float32: AttentionRecord
    }

    struct Seq2SeqRecord: Decodable, Sendable {
        let logits: FixtureTensor
        let loss: FixtureTensor
        let parameterGrads: [String: FixtureTensor]
    }

    struct Seq2SeqCase: Decodable, Sendable {
        let name: String
        let config: Seq2SeqConfig
        let sources: [[Int]]
        let targets: [[Int]]
        let parameters: [String: FixtureTensor]
        let float64: Seq2SeqRecord
        let float32: Seq2SeqRecord
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let attention: [AttentionCase]
        let seq2seq: [Seq2SeqCase]
    }

    static let file: File? = try? Fixtures.load("attention")

    @Test func fileLoadsAndCoversEveryScore() throws {
        let file = try Fixtures.load("attention", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(Set(file.attention.map(\.score)) == Set(AttentionScore.allCases))
        for score in AttentionScore.allCases {
            #expect(file.attention.contains { $0.score == score && $0.keyLengths != nil }, "\(score)")
            #expect(file.attention.contains { $0.score == score && $0.keyMask != nil && $0.valuesAreKeys }, "\(score)")
        }
        #expect(Set(file.seq2seq.map(\.config.attention)) == Set(AttentionScore.allCases))
        #expect(file.seq2seq.contains { !$0.config.inputFeeding } && file.seq2seq.contains { $0.config.decoderLayerCount == 2 })
        #expect(Set(file.seq2seq.map(\.config.encoderCell)) == [.lstm, .gru])
    }

    @Test(arguments: AttentionFixtureTests.file?.attention.map(\.name) ?? [])
    func attentionMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.attention.first { $0.name == name })
        checkAttention(fixture, .float64, Double.self)
        checkAttention(fixture, .float32, Float.self)
    }

    func checkAttention<S: TensorScalar>(_ fixture: AttentionCase, _ precision: Precision, _: S.Type) {
        let label = "\(fixture.name) [\(precision.rawValue)]", tol = precision.tolerance
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let sizes = fixture.sizes
        let attention = Attention<S>(fixture.score, querySize: sizes["Dq"]!, keySize: sizes["Dk"]!,
                                     attentionSize: sizes["A"]!, rng: RandomSource(seed: 0))
        #expect(Set(attention.namedParameters().map(\.path)) == Set(fixture.inputs.parameters.keys), "\(label)")
        for (path, p) in attention.namedParameters() { p.data = fixture.inputs.parameters[path]!.tensor() }
        let mask: Tensor<S>? = fixture.keyMask.map {
            Tensor(shape: [$0.count, $0.first?.count ?? 0], scalars: $0.flatMap { $0.map { S($0) } })
        }
        var inputs: [Tensor<S>] = [fixture.inputs.query.tensor(), fixture.inputs.keys.tensor()]
        if let values = fixture.inputs.values { inputs.append(values.tensor()) }
        let (u, v): (Tensor<S>, Tensor<S>) = (fixture.inputs.upstream.context.tensor(), fixture.inputs.upstream.weights.tensor())
        var outputs: (context: Tensor<S>, weights: Tensor<S>)? = nil
        func run(_ x: [Tensor<S>]) -> Tensor<S> {
            let out = attention(x[0], keys: x[1], values: x.count > 2 ? x[2] : nil, keyLengths: fixture.keyLengths,
                                keyMask: mask)
            outputs = out
            return (out.context * u).sum() + (out.weights * v).sum()
        }
        let (_, grads) = gradients(of: run, at: inputs)
        expectClose(outputs!.context.detached(), record.context.tensor(), atol: tol, rtol: tol, "\(label) context")
        expectClose(outputs!.weights.detached(), record.weights.tensor(), atol: tol, rtol: tol, "\(label) weights")
        expectClose(grads[0], record.queryGrad.tensor(), atol: tol, rtol: tol, "\(label) dQuery")
        expectClose(grads[1], record.keysGrad.tensor(), atol: tol, rtol: tol, "\(label) dKeys")
        if let dv = record.valuesGrad { expectClose(grads[2], dv.tensor(), atol: tol, rtol: tol, "\(label) dValues") }
        if attention.parameters().isEmpty { return }            // dot and scaled dot have no weights
        attention.zeroGrad()
        run(inputs).backward()
        for (path, p) in attention.namedParameters() {
            expectClose(p.grad ?? .zeros(p.shape), record.parameterGrads[path]!.tensor(), atol: tol, rtol: tol,
                        "\(label) d\(path)")
        }
    }

    @Test(arguments: AttentionFixtureTests.file?.seq2seq.map(\.name) ?? [])
    func seq2seqMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.seq2seq.first { $0.name == name })
        for implementation in [RecurrentImplementation.reference, .native] {
            checkSeq2Seq(fixture, .float64, Double.self, implementation)
            checkSeq2Seq(fixture, .float32, Float.self, implementation)
        }
    }

    func checkSeq2Seq<S: TensorScalar>(_ fixture: Seq2SeqCase, _ precision: Precision, _: S.Type,
                                       _ implementation: RecurrentImplementation) {
        let label = "\(fixture.name) [\(precision.rawValue), \(implementation)]", tol = precision.tolerance
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let model = Seq2Seq<S>(fixture.config, implementation: implementation, rng: RandomSource(seed: 0))
        #expect(model.namedParameters().map(\.path).sorted() == fixture.parameters.keys.sorted(), "\(label)")
        for (path, p) in model.namedParameters() { p.data = fixture.parameters[path]!.tensor() }
        let batch = Seq2SeqBatch(sources: fixture.sources, targets: fixture.targets, config: fixture.config)
        let logits = model.logits(batch)
        expectClose(logits.detached(), record.logits.tensor(), atol: tol, rtol: tol, "\(label) logits")
        let loss = model.loss(batch)
        expectClose(loss.detached(), record.loss.tensor(), atol: tol, rtol: tol, "\(label) loss")
        model.zeroGrad()
        loss.backward()
        for (path, p) in model.namedParameters() {
            expectClose(p.grad ?? .zeros(p.shape), record.parameterGrads[path]!.tensor(), atol: tol, rtol: tol,
                        "\(label) d\(path)")
        }
    }
}
