import Foundation
import LSTMKit

/// A picture a report shows as an image rather than SVG (too many pixels for squares): the frames of a
/// next-frame predictor, as a grayscale PNG (LSTMKit's `PNGImage`) stored base64 in history.json.
public struct FrameImage: Codable, Equatable, Sendable {
    /// What the picture shows ("test sequence 1").
    public var title: String
    /// The base64 of the PNG file.
    public var png: String

    /// A grayscale picture of `width` x `height` pixels (row by row, 0 black, 255 white) titled `title`.
    public init(title: String, width: Int, height: Int, pixels: [UInt8]) {
        self.title = title
        png = PNGImage.grayscale(width: width, height: height, pixels: pixels).base64EncodedString()
    }
}
