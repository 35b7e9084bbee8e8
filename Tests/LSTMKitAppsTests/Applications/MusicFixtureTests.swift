import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps

/// `PianoRollModel.nll` on a padded `PianoRollBatch` against PyTorch (`nn.LSTM` / `nn.GRU` + `nn.Linear` run on
/// each chorale alone, Bai et al. 2018's NLL formula): Tests/LSTMKitTests/Fixtures/music.json, written by
/// Tools/fixtures/music.py.
@Suite struct MusicFixtureTests {
    struct Tensor32: Decodable {
        let shape: [Int]
        let data: [Double]
        var tensor: Tensor<Float> { Tensor(shape: shape, scalars: data.map { Float($0) }) }
    }

    struct Case: Decodable {
        let name: String
        let cell: String
        let hiddenSize: Int
        let chorales: [[[Int]]]
        let frames: Int
        let nll: Double
        let parameters: [String: Tensor32]
        let gradients: [String: Tensor32]
    }

    struct File: Decodable { let cases: [Case] }

    static let file: File = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("LSTMKitTests/Fixtures/music.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: ["lstm H=5", "gru H=4"])
    func nllAndGradientsMatchPyTorch(_ name: String) throws {
        let c = try #require(Self.file.cases.first { $0.name == name })
        var config = MusicConfig()
        config.model.cell = c.cell == "gru" ? .gru : .lstm
        config.model.hiddenSize = c.hiddenSize
        let model = PianoRollModel(config.modelConfig, rng: RandomSource(seed: 0))
        model.eval()
        let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.0, $0.1) })
        #expect(Set(parameters.keys) == Set(c.parameters.keys))
        for (path, value) in c.parameters { parameters[path]!.data = value.tensor }
        let batch = PianoRollBatch(c.chorales)
        #expect(batch.frames == c.frames)
        let nll = model.nll(batch) / Tensor(Float(batch.frames))
        #expect(abs(Double(nll.item) - c.nll) <= 1e-5 * abs(c.nll), "\(nll.item) vs PyTorch \(c.nll)")
        model.zeroGrad()
        nll.backward()
        for (path, expected) in c.gradients {
            let grad = try #require(parameters[path]?.grad, "\(path)")
            let worst = zip(grad.scalars, expected.data).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(grad.shape == expected.shape && worst <= 1e-5, "\(path): worst difference \(worst)")
        }
    }
}
