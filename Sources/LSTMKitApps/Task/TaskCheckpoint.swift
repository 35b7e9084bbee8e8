import Foundation
import LSTMKit

/// Checkpoints written by a task: the task's name in the user metadata (`task`), its whole config as the
/// checkpoint config, and its attachments. `load` returns the typed model of any of them:
///
///     switch try TaskCheckpoint.load("runs/textgen") {
///     case .textgen(let model): print(model.sample(prime: "ROMEO:", length: 200))
///     case .sentiment(let model): print(try model.predict(["a gripping film"]))
///     default: break
///     }
public enum TaskCheckpoint {
    /// The user-metadata key holding the task name.
    public static let taskKey = "task"

    /// The file a checkpoint argument names: the path itself, or DIR/best.safetensors for a directory.
    public static func resolve(_ path: String) -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: path).appendingPathComponent("best.safetensors")
        }
        return URL(fileURLWithPath: path)
    }

    /// The checkpoint's info (a directory stands for its best.safetensors), with one-line errors for a
    /// missing or invalid file and for a checkpoint of a task not in `expecting` (nil: any task).
    public static func readInfo(_ path: String, expecting tasks: [String]? = nil) throws -> CheckpointInfo {
        let url = resolve(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let isDirectory = url.path != URL(fileURLWithPath: path).path
            throw TaskError(isDirectory ? "checkpoint \(path) is a directory without best.safetensors"
                                        : "checkpoint \(path): no such file (train one with `lstm train <task> --output DIR`)")
        }
        let info = try describingErrors("cannot read the checkpoint \(url.path)") { try Checkpoint.readInfo(from: url) }
        guard let tasks else { return info }
        guard let task = info.userEntries[taskKey], tasks.contains(task) else {
            let found = info.userEntries[taskKey].map { "a '\($0)' checkpoint" } ?? "not a checkpoint written by `lstm train`"
            throw TaskError("\(path) is \(found), but a checkpoint of " +
                            tasks.map { "`lstm train \($0)`" }.joined(separator: " or ") + " is needed")
        }
        return info
    }

    /// The checkpoint's task config, decoded and validated (an edited or damaged config is a one-line error).
    public static func config<C: TaskConfig>(_ info: CheckpointInfo, as type: C.Type) throws -> C {
        let config: C
        do { config = try info.config(as: C.self) } catch {
            throw TaskError("checkpoint \(info.path): its config does not decode as a \(C.self) (\(error)); " +
                            "train it again")
        }
        do { try config.validate() } catch let error as ConfigError {
            throw TaskError("checkpoint \(info.path): config field \(error.field) \(error.message)")
        }
        return config
    }

    /// An attachment, with a one-line error naming the checkpoint when it is missing or damaged.
    public static func attachment<T: Decodable>(_ info: CheckpointInfo, _ name: String, as type: T.Type) throws -> T {
        do { return try info.attachment(name, as: T.self) } catch {
            throw TaskError("checkpoint \(info.path): its \(name) is missing or damaged (\(error))")
        }
    }

    /// The fitted `StandardScaler` attachment `name`, checked like the weights: a scaler that `fit` could not
    /// have made (no means, counts that differ, a mean or scale that is not a finite Float, a scale <= 0) or of
    /// another width than `featureCount` is a one-line error naming the checkpoint, not NaN forecasts later.
    public static func scaler(_ info: CheckpointInfo, _ name: String, featureCount: Int? = nil) throws -> StandardScaler {
        let scaler = try attachment(info, name, as: StandardScaler.self)
        if let problem = scaler.fittedProblem { throw TaskError("checkpoint \(info.path): its \(name) is damaged: \(problem)") }
        if let featureCount, scaler.featureCount != featureCount {
            throw TaskError("checkpoint \(info.path): its \(name) has \(scaler.featureCount ?? 0) features, but its config " +
                            "reads \(featureCount)")
        }
        return scaler
    }

    /// Loads the weights of `info`'s file into `model` (the model was built from the checkpoint's config).
    public static func loadWeights<M: Module>(_ model: M, _ info: CheckpointInfo) throws {
        try describingErrors("cannot load the checkpoint \(info.path)") {
            _ = try Checkpoint.load(into: model, from: URL(fileURLWithPath: info.path))
        }
        for (path, p) in model.namedParameters() where !p.data.scalars.allSatisfy({ $0.isFinite }) {
            throw TaskError("checkpoint \(info.path): parameter \(path) holds NaN or infinite values; the file is damaged")
        }
        model.eval()
    }

    /// The model of any task checkpoint.
    public static func load(_ path: String) throws -> LoadedModel {
        let info = try readInfo(path)
        let url = URL(fileURLWithPath: info.path)
        switch info.userEntries[taskKey] {
        case TextgenTask.name: return .textgen(try TextgenTask.load(url))
        case SentimentTask.name: return .sentiment(try SentimentTask.load(url))
        case ClassifyTask.name: return .classify(try ClassifyTask.load(url))
        case ForecastTask.name: return .forecast(try ForecastTask.load(url))
        case TagTask.name: return .tag(try TagTask.load(url))
        case TranslateTask.name: return .translate(try TranslateTask.load(url))
        case SpeechTask.name: return .speech(try SpeechTask.load(url))
        case NextFrameTask.name: return .nextframe(try NextFrameTask.load(url))
        case SSTTask.name: return .sst(try SSTTask.load(url))
        case AnomalyTask.name: return .anomaly(try AnomalyTask.load(url))
        case MusicTask.name: return .music(try MusicTask.load(url))
        case RLTask.name: return .rl(try RLTask.load(url))
        case WordLMTask.name: return .wordlm(try WordLMTask.load(url))
        case let other:
            throw TaskError("\(path) is " + (other.map { "a checkpoint of an unknown task '\($0)'" }
                                             ?? "not a checkpoint written by `lstm train`") +
                            "; known tasks: \(taskNames.joined(separator: ", "))")
        }
    }

    /// Every task's name.
    public static let taskNames = [TextgenTask.name, SentimentTask.name, ForecastTask.name, ClassifyTask.name,
                                   TagTask.name, TranslateTask.name, SpeechTask.name, NextFrameTask.name, SSTTask.name,
                                   AnomalyTask.name, MusicTask.name, RLTask.name, WordLMTask.name]
}

/// A loaded task checkpoint: the typed model of its task.
public enum LoadedModel {
    /// The task that wrote the checkpoint ("textgen", ...).
    public var taskName: String {
        switch self {
        case .textgen: TextgenTask.name
        case .sentiment: SentimentTask.name
        case .classify: ClassifyTask.name
        case .forecast: ForecastTask.name
        case .tag: TagTask.name
        case .translate: TranslateTask.name
        case .speech: SpeechTask.name
        case .nextframe: NextFrameTask.name
        case .sst: SSTTask.name
        case .anomaly: AnomalyTask.name
        case .music: MusicTask.name
        case .rl: RLTask.name
        case .wordlm: WordLMTask.name
        }
    }

    case textgen(TextgenModel)
    case sentiment(SentimentModel)
    case classify(ClassifyModel)
    case forecast(ForecastModel)
    case tag(TagModel)
    case translate(TranslationModel)
    case speech(SpeechModel)
    case nextframe(NextFrameLoadedModel)
    case sst(SSTModel)
    case anomaly(AnomalyModel)
    case music(MusicModel)
    case rl(RLModel)
    case wordlm(WordLMModel)
}
