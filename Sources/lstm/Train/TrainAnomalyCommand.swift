import ArgumentParser
import LSTMKit
import LSTMKitApps

extension AnomalyFeatures: ExpressibleByArgument {}

/// `lstm train anomaly`: a recurrent autoencoder trained on normal windows; its reconstruction error flags
/// the rest.
struct TrainAnomalyCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomaly",
        abstract: "Train an LSTM autoencoder on normal sequences; its reconstruction error is the anomaly score.",
        discussion: """
            --data: the UCI HAPT raw-signal CSV (.csv or .csv.gz; 128-sample windows,
            split by subject; normal: the three walking activities) or a UCR/UEA .ts
            pair (give --normal-classes). The autoencoder (LSTM 32 encoder, its last
            state the code, LSTM 32 decoder reading the code at every step, linear)
            trains on the normal training windows only; the best checkpoint has the
            lowest validation reconstruction error of normal windows; the threshold
            is the --threshold-quantile of those normal scores. Reports AUROC and
            precision/recall at the threshold on the test part, per class too.
            See docs/apps/anomaly.md.
              lstm train anomaly --data ../shared/data/hapt/hapt_raw_50hz.csv.gz
              lstm evaluate runs/anomaly
            """
    )

    @Option(help: "The normal classes, comma-separated (default for HAPT: WALKING,WALKING_UPSTAIRS,WALKING_DOWNSTAIRS).")
    var normalClasses: String?

    @Option(help: "What the model reads at each step (default window-stats: each window's shape, level and scale).")
    var features: AnomalyFeatures?

    @Option(parsing: .unconditional, help: "window-stats: the floor added to each window's standard deviation (default 0.001).")
    var scaleFloor: Double?

    @Option(parsing: .unconditional, help: "The threshold: this quantile of the validation normal scores (default 0.95).")
    var thresholdQuantile: Double?

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = AnomalyTask

    var defaults: AnomalyConfig { AnomalyConfig() }

    func apply(to c: inout AnomalyConfig) throws {
        if let data = input.data { c.data = data }
        if let fraction = input.validationFraction { c.validationFraction = fraction }
        if let normalClasses {
            c.normalClasses = normalClasses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        if let features { c.features = features }
        if let scaleFloor { c.scaleFloor = scaleFloor }
        if let thresholdQuantile { c.thresholdQuantile = thresholdQuantile }
        model.apply(to: &c.model)
    }
}
