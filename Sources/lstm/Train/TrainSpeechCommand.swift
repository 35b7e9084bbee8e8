import ArgumentParser
import LSTMKit
import LSTMKitApps

extension AudioFeatureConfig.Kind: ExpressibleByArgument {}
extension AudioFeatureConfig.Window: ExpressibleByArgument {}

/// `lstm train speech`: spoken digits (or any `{label}_{speaker}_{take}.wav` recordings) from MFCC frames.
struct TrainSpeechCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "Train a spoken-word classifier on WAV recordings (the Free Spoken Digit Dataset).",
        discussion: """
            --data: a folder of .wav files (searched recursively) or a .tar/.tar.gz
            of them, each named {label}_{speaker}_{take}.wav (FSDD: 7_george_12.wav).
            Takes 0-4 of every speaker and label are the test set (FSDD's standard
            split, --test-takes); a stratified 10% of the other takes validates.
            Features: 13 MFCCs + deltas + delta-deltas per 10 ms frame (25 ms
            Hamming window, 26 mel filters, FFT 512 by kissfft), standardized with
            the training part's statistics; a bidirectional LSTM 128, mean-pooled,
            then a linear layer. See docs/apps/speech.md.
              lstm train speech --data ../shared/data/fsdd/fsdd-recordings.tar.gz
              lstm predict runs/speech 7_george_3.wav
            """
    )

    @Option(parsing: .unconditional, help: "Takes 0..<N of every speaker and label are the test set (default 5).")
    var testTakes: Int?

    @Option(help: "The features of each frame.")
    var features: AudioFeatureConfig.Kind?

    @Option(parsing: .unconditional, help: "MFCCs per frame (default 13).")
    var cepstrumCount: Int?

    @Option(parsing: .unconditional, help: "Mel filters (default 26).")
    var melCount: Int?

    @Option(parsing: .unconditional, help: "0: no deltas, 1: deltas, 2: deltas and delta-deltas (default 2).")
    var deltaOrder: Int?

    @Option(help: "The analysis window of each frame (default hamming).")
    var window: AudioFeatureConfig.Window?

    @Option(parsing: .unconditional, help: "FFT length (even; default 512).")
    var fftSize: Int?

    @Flag(help: "Subtract each coefficient's mean over the recording (cepstral mean normalisation).")
    var meanNormalize = false

    @Option(help: "How the outputs become one vector (default mean).")
    var pooling: SequenceClassifierConfig.Pooling?

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = SpeechTask

    var defaults: SpeechConfig { SpeechConfig() }

    func apply(to c: inout SpeechConfig) throws {
        if let data = input.data { c.data = data }
        if let fraction = input.validationFraction { c.validationFraction = fraction }
        if let testTakes { c.testTakes = testTakes }
        if let features { c.features.kind = features }
        if let cepstrumCount { c.features.cepstrumCount = cepstrumCount }
        if let melCount { c.features.melCount = melCount }
        if let deltaOrder { c.features.deltaOrder = deltaOrder }
        if let window { c.features.window = window }
        if let fftSize { c.features.fftSize = fftSize }
        if meanNormalize { c.features.meanNormalize = true }
        if let pooling { c.pooling = pooling }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }
}
