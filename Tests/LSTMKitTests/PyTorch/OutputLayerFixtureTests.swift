import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `ClassBasedSoftmax` and `HierarchicalSoftmax` against Fixtures/output-layers.json (Tools/fixtures/
/// output_layers.py: PyTorch autograd over the equations, with the frequency binning and word2vec's Huffman
/// construction transcribed independently): the classes and codes, the [N, V] log-probability table, the
/// targets' log-likelihoods (fast path) and the gradients of sum(table * U) + sum(ll * u) for h and every
/// parameter, Double (1e-10) and Float (1e-5).
@Suite struct OutputLayerFixtureTests {
    struct Case: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            let inputs, upstream, outputs, grads: [String: FixtureTensor]
        }
        let name, layer: String
        let counts, targets: [Int]
        let input_size: Int
        let class_count: Int?
        let classes: [Int]?
        let paths, codes: [[Int]]?
        let float64, float32: Record
    }

    struct File: Decodable, Sendable {
        let cases: [Case]
    }

    static let file: File? = try? Fixtures.load("output-layers")

    @Test func fileLoads() throws {
        let file = try Fixtures.load("output-layers", as: File.self)
        #expect(file.cases.count == 6 && Set(file.cases.map(\.layer)) == ["class", "huffman"])
    }

    @Test(arguments: OutputLayerFixtureTests.file?.cases.map(\.name) ?? [])
    func layerMatchesTheEquations(_ name: String) throws {
        let fixture = try #require(Self.file?.cases.first { $0.name == name })
        check(fixture, fixture.float64, Double.self, tolerance: Precision.float64.tolerance)
        check(fixture, fixture.float32, Float.self, tolerance: Precision.float32.tolerance)
    }

    func check<S: TensorScalar>(_ c: Case, _ record: Case.Record, _: S.Type, tolerance: Double) {
        let label = "\(c.name) [\(S.self)]"
        let module: any Module<S>
        let table: (Tensor<S>) -> Tensor<S>, ll: (Tensor<S>) -> Tensor<S>
        if c.layer == "class" {
            let classes = ClassBasedSoftmax<S>.frequencyBinning(counts: c.counts, classCount: c.class_count ?? 0)
            #expect(classes == c.classes, "\(label): classes")
            let layer = ClassBasedSoftmax<S>(inputSize: c.input_size, wordClasses: classes)
            (module, table, ll) = (layer, layer.logProbabilities, { layer.logLikelihood($0, targets: c.targets) })
        } else {
            let layer = HierarchicalSoftmax<S>(inputSize: c.input_size, counts: c.counts)
            #expect(layer.tree.paths == c.paths && layer.tree.codes == c.codes, "\(label): Huffman tree")
            (module, table, ll) = (layer, layer.logProbabilities, { layer.logLikelihood($0, targets: c.targets) })
        }
        for (path, parameter) in module.namedParameters() { parameter.data = record.inputs[path]!.tensor() }
        let h: Tensor<S> = record.inputs["h"]!.tensor()
        let (uTable, uLL): (Tensor<S>, Tensor<S>) = (record.upstream["table"]!.tensor(), record.upstream["ll"]!.tensor())
        module.zeroGrad()
        let leaf = h.requiringGrad()
        let (t, l) = (table(leaf), ll(leaf))
        expectClose(t.detached(), record.outputs["table"]!.tensor(), atol: tolerance, rtol: tolerance, "\(label) table")
        expectClose(l.detached(), record.outputs["ll"]!.tensor(), atol: tolerance, rtol: tolerance, "\(label) ll")
        ((t * uTable).sum() + (l * uLL).sum()).backward()
        expectClose(leaf.grad ?? Tensor.zeros(h.shape), record.grads["h"]!.tensor(), atol: tolerance, rtol: tolerance, "\(label) dh")
        for (path, parameter) in module.namedParameters() {
            expectClose(parameter.grad ?? Tensor.zeros(parameter.shape), record.grads[path]!.tensor(),
                        atol: tolerance, rtol: tolerance, "\(label) d\(path)")
        }
    }
}
