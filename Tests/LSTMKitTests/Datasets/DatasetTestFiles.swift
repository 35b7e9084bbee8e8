import Foundation
@testable import LSTMKit
import LSTMKitTestSupport

/// A fresh temporary directory for one test's files (removed by `remove()`).
struct DatasetTempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Writes raw bytes to `name`.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` to `name` and compresses it with the `gzip` tool into `name.gz` (the plain file is removed).
    func gzipped(_ name: String, _ text: String) throws -> URL {
        let plain = try write(name, text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-f", "-n", plain.path]
        try process.run()
        process.waitUntilExit()
        return url.appendingPathComponent(name + ".gz")
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root (for the committed datasets), found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The `DatasetError` thrown by `body` (nil if it throws none; another error type becomes `.badFormat`).
func datasetError<T>(_ body: () throws -> T) -> DatasetError? {
    do { _ = try body() } catch let error as DatasetError { return error } catch {
        return DatasetError(.badFormat, source: "?", "unexpected error type: \(error)")
    }
    return nil
}
