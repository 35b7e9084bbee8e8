import LSTMKit
/// Everything that defines a forecaster and its data pipeline; stored in the checkpoint so that a
/// forecast can be recomputed from the checkpoint alone.
///
/// The series is split in time order (no shuffling):
///
///     [ train: count - validationSize - testSize ][ validation: validationSize ][ test: testSize ]
///
/// A forecast made at origin t (the last observed step) covers t + 1 ... t + horizon. A part's forecast
/// origins are those whose whole horizon lies inside the part (the window before it may reach back into
/// earlier parts: that history is known at forecast time). The scaler is fitted on the training part only.
public struct ForecastConfig: Codable, Equatable, Sendable {
    /// The column to forecast.
    public var target: String
    /// Extra input columns (observed up to the origin; never forecast).
    public var features: [String]
    /// The date column, if any (used for ordering and for reports).
    public var dateColumn: String?
    /// W, the steps the network reads.
    public var window: Int
    /// H, the steps forecast at once.
    public var horizon: Int
    /// S, the season length for the seasonal-naive baseline (and seasonal differencing), if any.
    public var season: Int?
    /// Log and differencing of the target (see ``ForecastTransform``).
    public var transform: ForecastTransform
    /// How missing cells are filled when the CSV is read.
    public var missingValues: ForecastMissingValues
    /// The steps in the held-out test tail.
    public var testSize: Int
    /// The steps in the validation part before the test tail (0: none).
    public var validationSize: Int
    /// The recurrent stack (its `inputSize` is `inputSize`: the target plus the feature columns).
    public var recurrent: RecurrentEncoderConfig

    public init(target: String, features: [String] = [], dateColumn: String? = nil, window: Int, horizon: Int,
                season: Int? = nil, transform: ForecastTransform = ForecastTransform(),
                missingValues: ForecastMissingValues = .error, testSize: Int, validationSize: Int,
                hiddenSize: Int = 32, layerCount: Int = 1, dropout: Double = 0) {
        self.init(target: target, features: features, dateColumn: dateColumn, window: window, horizon: horizon,
                  season: season, transform: transform, missingValues: missingValues, testSize: testSize,
                  validationSize: validationSize,
                  recurrent: RecurrentEncoderConfig(inputSize: 1 + features.count, hiddenSize: hiddenSize,
                                                    layerCount: layerCount, dropout: dropout))
    }

    public init(target: String, features: [String], dateColumn: String?, window: Int, horizon: Int, season: Int?,
                transform: ForecastTransform, missingValues: ForecastMissingValues, testSize: Int, validationSize: Int,
                recurrent: RecurrentEncoderConfig) {
        self.target = target
        self.features = features
        self.dateColumn = dateColumn
        self.window = window
        self.horizon = horizon
        self.season = season
        self.transform = transform
        self.missingValues = missingValues
        self.testSize = testSize
        self.validationSize = validationSize
        self.recurrent = recurrent
        self.recurrent.inputSize = 1 + features.count
    }

    /// The CSV columns read, the target first.
    public var inputColumns: [String] { [target] + features }
    /// F, the features per step the network reads.
    public var inputSize: Int { 1 + features.count }
}

/// The `MissingValueRule` used when reading the CSV, in a storable form.
public enum ForecastMissingValues: String, Codable, Sendable, CaseIterable {
    case error, forwardFill = "forward-fill", interpolate, drop

    public var rule: MissingValueRule {
        switch self {
        case .error: return .error
        case .forwardFill: return .forwardFill
        case .interpolate: return .linearInterpolate
        case .drop: return .drop
        }
    }
}

/// A series that cannot be used with a ``ForecastConfig`` (too short for the window, a test tail shorter
/// than the horizon, non-positive values under `log`, ...). The description is one line.
public struct ForecastDataError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
