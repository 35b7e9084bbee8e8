import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The optimizer-state checks of `Checkpoint.load` must agree with what each optimizer exports and accepts:
/// if an optimizer gains a state buffer, these tests fail before users see a confusing load error.
@Suite struct CheckpointOptimizerTests {
    typealias Make = ([Parameter<Float>]) -> any Optimizer<Float>
    static var optimizers: [(String, Make)] { [
        ("Adam", { Adam(parameters: $0) }),
        ("Adam", { Adam(parameters: $0, amsgrad: true) }),
        ("AdamW", { AdamW(parameters: $0) }),
        ("AdamW", { AdamW(parameters: $0, amsgrad: true) }),
        ("SGD", { SGD(parameters: $0, learningRate: 0.1) }),
        ("SGD", { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true) }),
        ("RMSProp", { RMSProp(parameters: $0) }),
        ("RMSProp", { RMSProp(parameters: $0, momentum: 0.5, centered: true) }),
        ("Adagrad", { Adagrad(parameters: $0, initialAccumulatorValue: 0.1) }),
    ] }

    @Test func stateNamesMatchTheOptimizers() {
        for (name, make) in Self.optimizers {
            let model = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 1))
            let optimizer = make(model.parameters())
            trainTaggerStep(model, optimizer, dataRNG: RandomSource(seed: 2))
            #expect(Checkpoint.optimizerName(optimizer) == name)
            let exported = Set(optimizer.stateTensors.keys.map { String($0.split(separator: ".", maxSplits: 1)[1]) })
            #expect(optimizer.stateNames == exported, "\(type(of: optimizer))")
        }
    }

    /// Save after 2 steps, step once more; a fresh run loaded from the file and stepped once matches exactly.
    @Test func everyOptimizerRoundTrips() throws {
        try withCheckpointDirectory { dir in
            for (index, (name, make)) in Self.optimizers.enumerated() {
                let url = dir.appendingPathComponent("\(index).safetensors")
                let data = RandomSource(seed: 3), dropout = RandomSource(seed: 1)
                let model = TinyTagger<Float>(TinyConfig(), rng: dropout)
                let optimizer = make(model.parameters())
                for _ in 0..<2 { trainTaggerStep(model, optimizer, dataRNG: data) }
                try Checkpoint.save(model, to: url, optimizer: optimizer,
                                    randomSources: ["data": data, "dropout": dropout])
                trainTaggerStep(model, optimizer, dataRNG: data)

                let data2 = RandomSource(seed: 99), dropout2 = RandomSource(seed: 7)
                let model2 = TinyTagger<Float>(TinyConfig(), rng: dropout2)
                let optimizer2 = make(model2.parameters())
                try Checkpoint.load(into: model2, from: url, optimizer: optimizer2,
                                    randomSources: ["data": data2, "dropout": dropout2])
                #expect(optimizer2.stepCount == 2, "\(name)")
                trainTaggerStep(model2, optimizer2, dataRNG: data2)
                let same = model2.parameters().map(\.data.scalars) == model.parameters().map(\.data.scalars)
                #expect(same, "\(name) #\(index): parameters differ after one more step")
            }
        }
    }

    /// Adam saved without AMSGrad cannot be restored into Adam with AMSGrad (a buffer is missing): the
    /// error says which names are needed instead of stopping inside the optimizer.
    @Test func optionMismatchIsAnError() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("adam.safetensors")
            let model = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 1))
            let adam = Adam(parameters: model.parameters())
            trainTaggerStep(model, adam, dataRNG: RandomSource(seed: 2))
            try Checkpoint.save(model, to: url, optimizer: adam)
            let amsgrad = Adam(parameters: model.parameters(), amsgrad: true)
            let needed = #"needs ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]"#
            expectCheckpointError(.optimizerMismatch, [url.path, "optimizer state of parameter 0 has", needed]) {
                try Checkpoint.load(into: model, from: url, optimizer: amsgrad)
            }
        }
    }

    /// Config values JSON cannot express (infinity) are stored as strings and compare equal after loading.
    @Test func nonFiniteConfigValues() throws {
        struct Clip: Codable, Equatable { var maxNorm = Double.infinity; var rate = 0.5 }
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("clip.safetensors")
            let model = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 1))
            try Checkpoint.save(model, to: url, config: Clip())
            let stored = try SafeTensors(contentsOf: url).metadata["lstmkit.config"]
            #expect(stored == #"{"maxNorm":"Infinity","rate":0.5}"#)
            #expect(try Checkpoint.readInfo(from: url).config(as: Clip.self) == Clip())
            #expect(throws: Never.self) {
                try Checkpoint.load(into: model, from: url, options: .init(expectedConfig: Clip()))
            }
        }
    }
}
