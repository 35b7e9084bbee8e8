import Foundation
import SwiftProtobuf

/// Writes one TensorBoard event file: `DIR/events.out.tfevents.<unix seconds>.<host name><suffix>` (then `.1`,
/// `.2`, ... if that file exists), TFRecord
/// framed (`TFRecord`) `Event` messages whose fields have TensorBoard's numbers (Proto/tensorboard.proto).
/// The first record is the version event ("brain.Event:2"); then scalars (`simple_value`), histograms
/// (`HistogramProto`) and text (the text plugin's string tensor). Records are buffered until `flush()`,
/// which writes them, so a live `tensorboard --logdir DIR` sees everything up to the last flush.
///
///     let writer = try TensorBoardWriter(directory: URL(fileURLWithPath: "runs/tb"))
///     try writer.scalar("train/loss", 2.31, step: 10)
///     try writer.flush()
public final class TensorBoardWriter {
    public let url: URL
    private let handle: FileHandle
    private var pending = Data()
    private let clock: () -> Double

    /// Creates `directory` and the event file (nothing else is written until `flush`).
    /// - Parameters:
    ///   - directory: the run's log folder, created if missing (TensorBoard's `--logdir` or a folder in it).
    ///   - suffix: appended to the event file's name.
    ///   - clock: seconds since 1970 for `wall_time` (tests fix it).
    public init(directory: URL, suffix: String = "", clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.clock = clock
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let name = "events.out.tfevents.\(Int(clock())).\(host)\(suffix)"
        // A second writer in the same second (a quick resume) gets ".1", ".2", ... rather than truncating.
        var candidate = directory.appendingPathComponent(name)
        var n = 0
        while FileManager.default.fileExists(atPath: candidate.path) {
            n += 1
            candidate = directory.appendingPathComponent("\(name).\(n)")
        }
        url = candidate
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw TensorBoardError("cannot create \(url.path)")
            }
            handle = try FileHandle(forWritingTo: url)
        } catch let error as TensorBoardError { throw error } catch {
            throw TensorBoardError("cannot create \(url.path) (\(error.localizedDescription))")
        }
        var version = Tensorboard_Event()
        version.wallTime = clock()
        version.fileVersion = "brain.Event:2"
        try append(version)
    }

    deinit { try? handle.close() }

    /// A scalar (TensorBoard's Scalars tab).
    public func scalar(_ tag: String, _ value: Double, step: Int) throws {
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.simpleValue = Float(value)
        try append(summary: v, step: step)
    }

    /// A histogram of `values` (the Histograms and Distributions tabs).
    public func histogram(_ tag: String, _ values: [Double], step: Int) throws {
        let h = TensorBoardHistogram(values)
        var proto = Tensorboard_HistogramProto()
        proto.min = h.min
        proto.max = h.max
        proto.num = h.count
        proto.sum = h.sum
        proto.sumSquares = h.sumSquares
        proto.bucketLimit = h.bucketLimits
        proto.bucket = h.bucketCounts
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.histo = proto
        try append(summary: v, step: step)
    }

    /// Text (the Text tab; markdown): a scalar string tensor with the text plugin's metadata.
    public func text(_ tag: String, _ text: String, step: Int) throws {
        var tensor = Tensorboard_TensorProto()
        tensor.dtype = .dtString
        tensor.tensorShape = Tensorboard_TensorShapeProto()
        tensor.stringVal = [Data(text.utf8)]
        var metadata = Tensorboard_SummaryMetadata()
        metadata.pluginData.pluginName = "text"
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.metadata = metadata
        v.tensor = tensor
        try append(summary: v, step: step)
    }

    /// Writes the buffered records to the file.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        do { try handle.write(contentsOf: pending) } catch {
            throw TensorBoardError("cannot write \(url.path) (\(error.localizedDescription))")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Closes the file after flushing.
    public func close() throws {
        try flush()
        try? handle.close()
    }

    private func append(summary value: Tensorboard_Summary.Value, step: Int) throws {
        var event = Tensorboard_Event()
        event.wallTime = clock()
        event.step = Int64(step)
        event.summary.value = [value]
        try append(event)
    }

    private func append(_ event: Tensorboard_Event) throws {
        let payload: Data
        do { payload = try event.serializedData() } catch {
            throw TensorBoardError("cannot encode an event for \(url.path) (\(error))")
        }
        pending.append(TFRecord.frame(payload))
    }
}

/// A TensorBoard log that cannot be written or read (one line, naming the file).
public struct TensorBoardError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = "tensorboard: " + description }
}
