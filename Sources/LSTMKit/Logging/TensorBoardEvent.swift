import Foundation
import SwiftProtobuf

/// One event of a TensorBoard event file, decoded (what `TensorBoardWriter` writes: the version, scalars,
/// histograms and text). `read(_:)` checks the framing and decodes every record.
public struct TensorBoardEvent: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case scalar(tag: String, Float)
        case histogram(tag: String, TensorBoardHistogram)
        /// `plugin` is the metadata's plugin name ("text").
        case text(tag: String, String, plugin: String)
        /// A kind this reader does not decode.
        case other(tag: String)
    }

    public var wallTime: Double
    public var step: Int
    /// "brain.Event:2" in the first event of a file.
    public var fileVersion: String?
    public var values: [Value]

    /// Decodes one serialized `Event`.
    public init(serialized payload: Data) throws {
        let event = try Tensorboard_Event(serializedBytes: payload)
        wallTime = event.wallTime
        step = Int(event.step)
        fileVersion = event.what.flatMap { if case .fileVersion(let v) = $0 { v } else { nil } }
        values = event.summary.value.map { v in
            switch v.value {
            case .simpleValue(let x): return .scalar(tag: v.tag, x)
            case .histo(let h):
                return .histogram(tag: v.tag, TensorBoardHistogram(
                    min: h.min, max: h.max, count: h.num, sum: h.sum, sumSquares: h.sumSquares,
                    bucketLimits: h.bucketLimit, bucketCounts: h.bucket))
            case .tensor(let t) where t.dtype == .dtString && t.stringVal.count == 1:
                return .text(tag: v.tag, String(decoding: t.stringVal[0], as: UTF8.self),
                             plugin: v.metadata.pluginData.pluginName)
            default: return .other(tag: v.tag)
            }
        }
    }

    /// Every event of the file at `url`.
    public static func read(_ url: URL) throws -> [TensorBoardEvent] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TensorBoardError("cannot read \(url.path) (\(error.localizedDescription))")
        }
        do { return try TFRecord.read(data).map(TensorBoardEvent.init(serialized:)) } catch {
            throw TensorBoardError("\(url.path): \(error)")
        }
    }
}
