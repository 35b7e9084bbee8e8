import Foundation
import LSTMKit

/// Next-frame prediction on Moving MNIST with a ConvLSTM: `lstm train nextframe` and `lstm evaluate` on its
/// checkpoints. The sequences are generated from the MNIST digits (`MovingMNIST`): a fresh training set every
/// epoch, fixed validation and test sets. Training is teacher-forced: the loss is the binary cross-entropy of
/// every pixel of frames 1..<T, each predicted from the frames before it, where an output frame's input is,
/// with a probability rising linearly to `scheduledSampling` over the epochs, the model's own previous
/// prediction (scheduled sampling) instead of the true frame; validation and test run free
/// (the model feeds back its own predictions after the input frames). The
/// best checkpoint has the lowest validation MSE per frame (free running). Every score comes with the copy-last-frame
/// baseline (predict the last input frame forever) and the blank-frame one (predict an empty frame: what a
/// model that has learned nothing about the digits converges to).
public enum NextFrameTask: ApplicationTask {
    public static let name = "nextframe"
    public static let higherIsBetter = false
    /// The seeds of the fixed validation and test sequence sets (not the training seed).
    static let validationSeed: UInt64 = 7001, testSeed: UInt64 = 7002

    public static func train(_ config: NextFrameConfig, resume: Bool, observer: TaskObserver) throws -> NextFrameTrainingReport {
        try config.validate()
        let started = Date()
        let sets = try NextFrameData.load(config)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights))
        let model = NextFrameModel(config.modelConfig, rng: weights)
        var saved = config
        saved.data = config.data.map(absolutePath)
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: TrainingMonitor(.metric("mse"), .minimize), metricNames: ["mse"],
            randomSources: ["weights": weights], attachments: [:], observer: observer) { "reference" }
        observer.say("data: \(config.data ?? "") loaded in \(fixed(Date().timeIntervalSince(started), 1)) s; Moving MNIST " +
                     "from \(sets.train.digits.count) / \(sets.validation.digits.count) / \(sets.test.digits.count) digits: " +
                     "\(config.trainSequences) new training sequences per epoch, \(config.validationSequences) validation, " +
                     "\(config.testSequences) test; \(config.inputFrames) frames in, \(config.outputFrames) out")
        observer.say("model: ConvLSTM \(config.hiddenChannels.map(String.init).joined(separator: "-")) channels, kernel " +
                     "\(config.kernelSize), on \(MovingMNIST.canvas / config.patchSize)x\(MovingMNIST.canvas / config.patchSize) " +
                     "(\(config.patchSize)x\(config.patchSize) blocks as channels); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let shuffleSeed = t.seed(.shuffle)
        let outcome = try run.fit(train: { epoch in
            let seed = epochRandomSource(seed: shuffleSeed, epoch: epoch).next()
            let p = config.scheduledSampling * Swift.min(1, Double(epoch) / Double(Swift.max((t.epochs ?? 1) - 1, 1)))
            return stride(from: 0, to: config.trainSequences, by: t.batchSize).map { start in
                let coin = RandomSource(seed: seed &+ UInt64(start)).uniforms(count: config.frameCount)
                let own = Set((config.inputFrames..<(config.frameCount - 1)).filter { coin[$0] < p })
                return (seed, Array(start..<min(start + t.batchSize, config.trainSequences)), own)
            }
        }, validate: { m in
            let s = scores(m, sets.validation, seed: validationSeed, count: config.validationSequences)
            return .init(loss: s.crossEntropy, metrics: ["mse": s.msePerFrame])
        }, loss: { m, batch in
            let frames = sets.train.batch(seed: batch.0, indices: batch.1)
            let targets = frames.slice(axis: 0, 1..<config.frameCount)
            return binaryCrossEntropyWithLogits(logits: m.teacherForced(frames, ownPredictionAt: batch.2), targets: targets)
        })
        let best = try load(URL(fileURLWithPath: outcome.best))
        let test = scores(best.network, sets.test, seed: testSeed, count: config.testSequences)
        let (strips, images) = try writeStrips(best.network, sets.test, count: config.strips, directory: directory)
        if !images.isEmpty { try RunHistory.attach(RunExtras(frames: images), in: directory) }
        return NextFrameTrainingReport(data: saved.data ?? "", parameterCount: model.parameterCount, training: outcome,
                                       test: test, strips: strips)
    }

    /// The model's and the copy-last-frame baseline's scores on `count` sequences of the set `seed`.
    static func scores(_ model: NextFrameModel, _ set: MovingMNIST, seed: UInt64, count: Int) -> NextFrameScores {
        let (tin, tout) = (model.config.inputFrames, model.config.outputFrames)
        let pixels = Double(MovingMNIST.canvas * MovingMNIST.canvas)
        var model2 = [Double](repeating: 0, count: tout), copy2 = model2, blank2 = model2
        var bce = 0.0
        withoutGrad {
            for start in stride(from: 0, to: count, by: 32) {
                let indices = Array(start..<min(start + 32, count))
                let frames = set.batch(seed: seed, indices: indices)
                let targets = frames.slice(axis: 0, tin..<(tin + tout))
                let logits = model(frames)
                bce += Double(binaryCrossEntropyWithLogits(logits: logits, targets: targets).item) * Double(indices.count)
                let predicted = sigmoid(logits).scalars, truth = targets.scalars
                let last = frames.slice(axis: 0, (tin - 1)..<tin).scalars
                let frame = indices.count * Int(pixels)
                for t in 0..<tout {
                    for i in 0..<frame {
                        let y = Double(truth[t * frame + i])
                        let d = Double(predicted[t * frame + i]) - y, c = Double(last[i]) - y
                        model2[t] += d * d
                        copy2[t] += c * c
                        blank2[t] += y * y
                    }
                }
            }
        }
        let n = Double(count)
        return NextFrameScores(sequences: count, crossEntropy: bce / n, perFrame: model2.map { $0 / n },
                               copyLastPerFrame: copy2.map { $0 / n }, blankPerFrame: blank2.map { $0 / n })
    }

    /// PGM strips of the first `count` test sequences: truth, prediction and copy-last rows; their paths, and the
    /// same pictures for the report.
    static func writeStrips(_ model: NextFrameModel, _ set: MovingMNIST, count: Int,
                            directory: URL) throws -> (paths: [String], images: [FrameImage]) {
        guard count > 0 else { return ([], []) }
        let (tin, tout) = (model.config.inputFrames, model.config.outputFrames)
        let frames = set.batch(seed: testSeed, indices: Array(0..<count))
        let predicted = withoutGrad { sigmoid(model(frames)) }
        var paths: [String] = [], images: [FrameImage] = []
        for k in 0..<count {
            func frame(_ source: Tensor<Float>, _ t: Int) -> [Float] {
                source.slice(axis: 0, t..<(t + 1)).slice(axis: 1, k..<(k + 1)).scalars
            }
            let truth = (0..<(tin + tout)).map { frame(frames, $0) }
            let blank = [Float](repeating: 0, count: MovingMNIST.canvas * MovingMNIST.canvas)
            let prediction = Array(repeating: blank, count: tin) + (0..<tout).map { frame(predicted, $0) }
            let copy = Array(repeating: blank, count: tin) + Array(repeating: truth[tin - 1], count: tout)
            let url = directory.appendingPathComponent("strip-\(k + 1).pgm")
            let picture = FrameStrip.pixels(rows: [truth, prediction, copy], side: MovingMNIST.canvas)
            do {
                try FrameStrip.pgm(picture).write(to: url, options: .atomic)
            } catch {
                throw TaskError("cannot write \(url.path): \(error.localizedDescription)")
            }
            paths.append(url.path)
            images.append(FrameImage(title: "test sequence \(k + 1): truth, prediction, copy of the last input frame",
                                     width: picture.width, height: picture.height, pixels: picture.pixels))
        }
        return (paths, images)
    }

    public static func load(_ url: URL) throws -> NextFrameLoadedModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: NextFrameConfig.self)
        let network = NextFrameModel(config.modelConfig, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return NextFrameLoadedModel(config: config, network: network, path: info.path)
    }

    public static func evaluate(_ model: NextFrameLoadedModel, data: String?, observer: TaskObserver) throws -> NextFrameEvaluationReport {
        var config = model.config
        if let data { config.data = absolutePath(data) }
        let sets = try NextFrameData.load(config)
        return NextFrameEvaluationReport(checkpoint: model.path, data: config.data ?? "",
                                         test: scores(model.network, sets.test, seed: testSeed, count: config.testSequences))
    }
}

/// A next-frame model loaded from a `lstm train nextframe` checkpoint.
public struct NextFrameLoadedModel {
    public let config: NextFrameConfig
    public let network: NextFrameModel
    public let path: String
}

/// The three sequence sets, each from its own part of the MNIST digits (MNIST-5k's stratified 80/10/10 split).
enum NextFrameData {
    static func load(_ config: NextFrameConfig) throws -> (train: MovingMNIST, validation: MovingMNIST, test: MovingMNIST) {
        let path = config.data ?? MNISTDataset.defaultPath
        let split = MNISTDataset.split(try MNISTDataset.load(URL(fileURLWithPath: path)))
        func set(_ part: LabeledSequences) throws -> MovingMNIST {
            let digits = part.examples.map { $0.values.map { $0 / 255 } }
            if digits.isEmpty || digits.contains(where: { $0.count != 784 }) {
                throw TaskError("\(path): a part of the split has no 28x28 digits")
            }
            return MovingMNIST(digits: digits, frameCount: config.frameCount)
        }
        return (try set(split.train), try set(split.validation), try set(split.test))
    }
}

/// Rows of frames as one grayscale picture, and that picture as a binary PGM (P5) image.
enum FrameStrip {
    /// Rows of frames (each side x side values in [0, 1]) side by side, with 2-pixel gray gaps between frames and
    /// rows: the picture's size and its pixels row by row (0 black, 255 white).
    static func pixels(rows: [[[Float]]], side: Int) -> (width: Int, height: Int, pixels: [UInt8]) {
        let columns = rows.map(\.count).max() ?? 0, gap = 2
        let width = columns * side + (columns - 1) * gap, height = rows.count * side + (rows.count - 1) * gap
        var pixels = [UInt8](repeating: 96, count: width * height)
        for (r, row) in rows.enumerated() {
            for (c, frame) in row.enumerated() {
                for y in 0..<side {
                    for x in 0..<side {
                        let v = Swift.min(Swift.max(frame[y * side + x], 0), 1)
                        pixels[(r * (side + gap) + y) * width + c * (side + gap) + x] = UInt8((v * 255).rounded())
                    }
                }
            }
        }
        return (width, height, pixels)
    }

    /// The P5 file of a picture from `pixels(rows:side:)`.
    static func pgm(_ picture: (width: Int, height: Int, pixels: [UInt8])) -> Data {
        Data("P5\n\(picture.width) \(picture.height)\n255\n".utf8) + Data(picture.pixels)
    }
}
