import Foundation
import LSTMKit

/// Polyphonic music on piano rolls (JSB Chorales): `lstm train music`, `lstm evaluate` and `lstm sample
/// --output FILE.mid` on its checkpoints. The model (`PianoRollModel`) predicts each frame's 88 keys as
/// independent Bernoulli variables from the frames before it. The score is the frame-level negative
/// log-likelihood: the sum over the 88 keys of the binary cross-entropy (nats), averaged over every predicted
/// frame of a split, which is every frame of every sequence except its first (Bai et al. 2018's evaluation
/// code; Boulanger-Lewandowski et al. 2012 and Chung et al. 2014 report the same per-frame quantity). The
/// best checkpoint has the lowest validation NLL; the test NLL of the best and of the last checkpoint is
/// reported.
public enum MusicTask: ApplicationTask {
    public static let name = "music"
    public static let higherIsBetter = false
    static let openingsAttachment = "openings"
    /// Sequences per evaluation batch.
    static let evaluationBatch = 32

    public static func train(_ config: MusicConfig, resume: Bool, observer: TaskObserver) throws -> MusicTrainingReport {
        try config.validate()
        let started = Date()
        let path = absolutePath(config.data ?? "")
        let data = try describingErrors("reading \(path)") { try JSBChorales.load(URL(fileURLWithPath: path)) }
        // The NLL counts every frame after a chorale's first: a split of one-step chorales has nothing to score.
        for (split, chorales) in [("train", data.train), ("valid", data.valid), ("test", data.test)]
        where !chorales.contains(where: { $0.count >= 2 }) {
            throw TaskError("\(path): split \"\(split)\" has no chorale of at least 2 steps, so no frame to predict")
        }
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights))
        // The dropout masks' stream: seeded from the weights stream's first draw (the model's default), and saved
        // in the checkpoints with it, so a resumed run draws the masks the uninterrupted one would.
        let dropout = RandomSource(seed: weights.next())
        let model = PianoRollModel(config.modelConfig, implementation: t.kernel.implementation, rng: weights,
                                   dropoutRNG: dropout)
        var saved = config
        saved.data = path
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model, monitor: .validationLoss,
            randomSources: ["weights": weights, "dropout": dropout], attachments: [openingsAttachment: data.train.map { $0[0] }],
            observer: observer) { model.recurrent.lastImplementation.rawValue }
        observer.say("\(path) loaded in \(fixed(Date().timeIntervalSince(started), 1)) s; \(describe(data))")
        observer.say("model: \(TextgenTask.describe(config.modelConfig.recurrent)) + Linear(\(config.modelConfig.recurrent.outputSize) " +
                     "-> 88), input dropout \(config.inputDropout), dropout \(config.dropout); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let shuffleSeed = t.seed(.shuffle)
        let outcome = try run.fit(train: { epoch in
            let order = epochRandomSource(seed: shuffleSeed, epoch: epoch).permutation(data.train.count)
            return stride(from: 0, to: order.count, by: t.batchSize).map { start in
                order[start..<Swift.min(start + t.batchSize, order.count)].map { data.train[$0] }
            }
        }, validate: { m in
            .init(loss: score(m, data.valid).nll)
        }, loss: { m, sequences in
            let batch = PianoRollBatch(sequences)
            return m.nll(batch) / Tensor(Float(Swift.max(batch.frames, 1)))
        })
        let last = score(model, data.test)
        let best = try load(URL(fileURLWithPath: outcome.best))
        return MusicTrainingReport(data: path, summary: describe(data), parameterCount: model.parameterCount,
                                   training: outcome, valid: score(best.network, data.valid),
                                   test: score(best.network, data.test), lastTest: last)
    }

    /// "229 train (13807 frames), 76 valid (4602), 77 test (4725) sequences".
    static func describe(_ data: JSBChorales) -> String {
        func frames(_ s: [[[Int]]]) -> Int { s.reduce(0) { $0 + $1.count } }
        return "\(data.train.count) train (\(frames(data.train)) frames), \(data.valid.count) valid " +
            "(\(frames(data.valid))), \(data.test.count) test (\(frames(data.test))) sequences"
    }

    /// The mean frame NLL of `model` on `sequences` (evaluation mode, no graph; the mode is restored).
    public static func score(_ model: PianoRollModel, _ sequences: [[[Int]]]) -> MusicScore {
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var total = 0.0, frames = 0
        withoutGrad {
            for start in stride(from: 0, to: sequences.count, by: evaluationBatch) {
                let batch = PianoRollBatch(Array(sequences[start..<Swift.min(start + evaluationBatch, sequences.count)]))
                total += Double(model.nll(batch).item)
                frames += batch.frames
            }
        }
        return MusicScore(nll: frames > 0 ? total / Double(frames) : .nan, frames: frames, sequences: sequences.count)
    }

    public static func load(_ url: URL) throws -> MusicModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: MusicConfig.self)
        let openings = try TaskCheckpoint.attachment(info, openingsAttachment, as: [[Int]].self)
        if openings.isEmpty || openings.contains(where: { $0.contains { !PianoRoll.pitchRange.contains($0) } }) {
            throw TaskError("checkpoint \(info.path): its opening chords are missing or outside the piano range")
        }
        let network = PianoRollModel(config.modelConfig, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return MusicModel(config: config, network: network, openings: openings, path: info.path)
    }

    public static func evaluate(_ model: MusicModel, data: String?, observer: TaskObserver) throws -> MusicEvaluationReport {
        let path = absolutePath(data ?? model.config.data ?? "")
        let chorales = try describingErrors("reading \(path)") { try JSBChorales.load(URL(fileURLWithPath: path)) }
        return MusicEvaluationReport(checkpoint: model.path, data: path, valid: score(model.network, chorales.valid),
                                     test: score(model.network, chorales.test))
    }
}
