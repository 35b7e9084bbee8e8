import Foundation
import LSTMKit
import LSTMKitApps

/// Checkpoints written by `lstm train <task>` carry the task name in their user metadata (`task`), so that
/// `sample`, `predict` and `evaluate` can refuse a checkpoint from another task with a clear message.
enum TaskCheckpoint {
    /// The user-metadata key holding the task name.
    static let taskKey = "task"

    /// The checkpoint's info, after checking that the file exists, is a valid LSTMKit checkpoint and was
    /// trained for one of `expected` tasks.
    static func info(at path: String, expected: [String], command: String) throws -> CheckpointInfo {
        let info = try readInfo(at: path)
        let task = info.userEntries[taskKey]
        guard let task, expected.contains(task) else {
            let found = task.map { "a '\($0)' checkpoint" } ?? "not a checkpoint written by `lstm train`"
            let hint = task.flatMap(commandHint(for:)).map { "; use `\($0)` for it" } ?? ""
            throw CLIError("\(path) is \(found), but `lstm \(command)` needs a checkpoint from " +
                           expected.map { "`lstm train \($0)`" }.joined(separator: " or ") + hint)
        }
        return info
    }

    /// The checkpoint's info (any task), with a one-line error for a missing or invalid file.
    static func readInfo(at path: String) throws -> CheckpointInfo {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("checkpoint \(path): no such file (train one with `lstm train <task> --output DIR`)")
        }
        if isDirectory.boolValue {
            let best = URL(fileURLWithPath: path).appendingPathComponent("best.safetensors").path
            if FileManager.default.fileExists(atPath: best) { return try readInfo(at: best) }
            throw CLIError("checkpoint \(path) is a directory without best.safetensors; pass the .safetensors file")
        }
        return try describingErrors("cannot read the checkpoint") {
            try Checkpoint.readInfo(from: URL(fileURLWithPath: path))
        }
    }

    /// The file a checkpoint argument names: the path itself, or DIR/best.safetensors for a directory.
    static func resolve(_ path: String) -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: path).appendingPathComponent("best.safetensors")
        }
        return URL(fileURLWithPath: path)
    }

    /// The command that uses checkpoints of `task`.
    static func commandHint(for task: String) -> String? {
        switch task {
        case "textgen": return "lstm sample"
        case "sentiment": return "lstm predict"
        default: return "lstm evaluate"
        }
    }
}

/// Creates the output directory for a training run, only after all inputs have been validated (so bad input
/// never leaves files behind). Refuses a path that exists as a file.
func prepareOutputDirectory(_ path: String) throws -> URL {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
            throw CLIError("--output \(path) is a file; give a directory for the checkpoints")
        }
        return url
    }
    do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
        throw CLIError("cannot create the output directory \(path) (\(error.localizedDescription))")
    }
    return url
}
