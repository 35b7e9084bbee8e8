import ArgumentParser
import LSTMKit
import LSTMKitApps

/// `lstm train music`: an LSTM (or GRU) predicting the next frame of JSB Chorales piano rolls.
struct TrainMusicCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "music",
        abstract: "Train an LSTM or GRU on polyphonic music (JSB Chorales piano rolls) to predict the next frame.",
        discussion: """
            The data is a JSON of piano rolls with "train", "valid" and "test" splits (the JSB \
            Chorales layout of github.com/czhuang/JSB-Chorales-dataset; every pitch on the 88-key \
            piano, 21...108). The model gives each key of the next frame an independent \
            probability (sigmoid); the score is the frame-level NLL: the sum over the 88 keys of \
            the binary cross-entropy in nats, averaged over every predicted frame (all frames of \
            a sequence but its first). The best checkpoint has the lowest validation NLL.
            Defaults: LSTM 256, input dropout 0.1, dropout 0.3 before the output layer, 100 \
            epochs, batch 8, Adam 0.003 with a cosine decay to 0.05x, clip norm 5.
              lstm train music --data jsb-chorales-quarter.json --output runs/music
              lstm evaluate runs/music
              lstm sample runs/music --output chorale.mid --length 64 --seed 1
            See docs/apps/music.md.
            """
    )

    @Option(help: "The piano-roll JSON (train/valid/test splits of pitch lists).") var data: String?
    @Option(parsing: .unconditional, help: "Dropout on the input frames, in [0, 1) (default 0.1).") var inputDropout: Double?
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = MusicTask
    var defaults: MusicConfig { MusicConfig() }

    func apply(to c: inout MusicConfig) throws {
        if let data { c.data = data }
        if let inputDropout { c.inputDropout = inputDropout }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }
}
