import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `LinearChainCRF` against pytorch-crf 0.7.2's `torchcrf.CRF` with the same weights (Fixtures/crf.json, from
/// Tools/fixtures/crf.py): log-likelihood, log Z, gold score, mean NLL, the gradients of the log-likelihood
/// and of the NLL for the emissions and all three parameters, Viterbi paths and scores. Both implementations,
/// Double (1e-10) and Float (1e-5). Also `logSumExp` against `torch.logsumexp`.
@Suite struct CRFFixtureTests {
    struct CRFCase: Decodable, Sendable {
        struct Inputs: Decodable, Sendable {
            let emissions, start_transitions, end_transitions, transitions, upstream: FixtureTensor
        }
        struct Record: Decodable, Sendable {
            let log_likelihood, nll_mean, log_partition, gold_score, viterbi_scores: FixtureTensor
            let log_likelihood_grads, nll_mean_grads: [String: FixtureTensor]
            let viterbi_tags: [[Int]]
        }
        let name: String
        let steps, batch, tags_count: Int
        let batch_first, use_mask: Bool
        let lengths, tags, mask: [Int]
        let inputs: Inputs
        let float64, float32: Record
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let pytorch_crf_version: String
        let crf: [CRFCase]
        let logsumexp: [FunctionCase]
    }

    static let file: File? = try? Fixtures.load("crf")

    @Test func fileLoadsWithItsVersions() throws {
        let file = try Fixtures.load("crf", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(file.pytorch_crf_version == "0.7.2")
        #expect(file.crf.count >= 8 && file.logsumexp.count >= 5)
    }

    @Test(arguments: CRFFixtureTests.file?.crf.map(\.name) ?? [])
    func crfMatchesPyTorchCRF(_ name: String) throws {
        let fixture = try #require(Self.file?.crf.first { $0.name == name })
        for implementation in CRFImplementation.allCases {
            check(fixture, fixture.float64, implementation, Double.self, tolerance: Precision.float64.tolerance)
            check(fixture, fixture.float32, implementation, Float.self, tolerance: Precision.float32.tolerance)
        }
    }

    func check<S: TensorScalar>(_ c: CRFCase, _ record: CRFCase.Record, _ implementation: CRFImplementation, _: S.Type,
                                tolerance: Double) {
        let label = "\(c.name) [\(S.self), \(implementation.rawValue)]"
        let crf = LinearChainCRF<S>(tagCount: c.tags_count, batchFirst: c.batch_first,
                                    implementation: implementation)
        let names = crf.pytorchParameterNames()
        let stored = ["start_transitions": c.inputs.start_transitions, "end_transitions": c.inputs.end_transitions,
                      "transitions": c.inputs.transitions]
        for (path, parameter) in crf.namedParameters() { parameter.data = stored[names[path]!]!.tensor() }
        let emissions: Tensor<S> = c.inputs.emissions.tensor()
        let (lengths, mask): ([Int]?, Tensor<S>?) = c.use_mask
            ? (nil, Tensor(shape: c.batch_first ? [c.batch, c.steps] : [c.steps, c.batch], scalars: c.mask.map { S($0) }))
            : (c.lengths, nil)
        func close(_ actual: Tensor<S>, _ expected: FixtureTensor, _ what: String) {
            expectClose(actual.detached(), expected.tensor(), atol: tolerance, rtol: tolerance, "\(label) \(what)")
        }
        close(crf.logPartition(emissions, lengths: lengths, mask: mask), record.log_partition, "log partition")
        close(crf.score(emissions, tags: c.tags, lengths: lengths, mask: mask), record.gold_score, "gold score")
        let paths = crf.decode(emissions, lengths: lengths, mask: mask)
        #expect(paths.map(\.tags) == record.viterbi_tags, "\(label) Viterbi paths")
        close(Tensor(paths.map(\.score)), record.viterbi_scores, "Viterbi scores")

        // Gradients of sum(logLikelihood * upstream) and of the mean NLL, through backward().
        let upstream: Tensor<S> = c.inputs.upstream.tensor()
        let objectives: [(String, (Tensor<S>) -> Tensor<S>, FixtureTensor, [String: FixtureTensor])] = [
            ("log-likelihood", { x in crf.logLikelihood(x, tags: c.tags, lengths: lengths, mask: mask) },
             record.log_likelihood, record.log_likelihood_grads),
            ("mean NLL", { x in crf.negativeLogLikelihood(x, tags: c.tags, lengths: lengths, mask: mask) },
             record.nll_mean, record.nll_mean_grads),
        ]
        for (what, f, value, grads) in objectives {
            crf.zeroGrad()
            let x = emissions.requiringGrad()
            let y = f(x)
            close(y, value, what)
            (y.rank == 0 ? y : (y * upstream).sum()).backward()
            close(x.grad ?? .zeros(x.shape), grads["emissions"]!, "d emissions of the \(what)")
            for (path, parameter) in crf.namedParameters() {
                close(parameter.grad ?? .zeros(parameter.shape), grads[names[path]!]!, "d \(path) of the \(what)")
            }
        }
    }

    @Test(arguments: CRFFixtureTests.file?.logsumexp.map(\.name) ?? [])
    func logSumExpMatchesTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.logsumexp.first { $0.name == name })
        let p = fixture.parameters
        checkFunctionCase(fixture, .float64, Double.self) { x in
            [logSumExp(x[0], axis: p.int("axis"), keepDims: p.bool("keepDims"))]
        }
        checkFunctionCase(fixture, .float32, Float.self) { x in
            [logSumExp(x[0], axis: p.int("axis"), keepDims: p.bool("keepDims"))]
        }
    }
}
