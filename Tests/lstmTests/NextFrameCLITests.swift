import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train nextframe` and `lstm evaluate` on its checkpoint, on a tiny model (the committed MNIST-5k).
@Suite struct NextFrameCLITests {
    @Test func trainsEvaluatesAndWritesStrips() throws {
        let dir = TemporaryDirectory()
        let json = try expectJSON(lstm(["train", "nextframe", "--output", dir.path("run"), "--hidden-channels", "3",
                                        "--input-frames", "3", "--output-frames", "2", "--train-sequences", "4",
                                        "--validation-sequences", "2", "--test-sequences", "3", "--strips", "1",
                                        "--batch-size", "2", "--epochs", "1", "--json"]))
        #expect(json["task"].string == "nextframe")
        #expect(json["test"]["perFrame"].array.count == 2)
        #expect(json["test"]["sequences"].double == 3)
        let copy = try #require(json["test"]["copyLastMSEPerFrame"].double)
        #expect(copy > 10)                      // two digits moving away from where they were: a real error
        let strip = try Data(contentsOf: URL(fileURLWithPath: dir.path("run/strip-1.pgm")))
        let header = "P5\n\(5 * 64 + 4 * 2) \(3 * 64 + 2 * 2)\n255\n"
        #expect(strip.prefix(header.utf8.count) == Data(header.utf8))
        #expect(strip.count == header.utf8.count + (5 * 64 + 8) * (3 * 64 + 4))
        // The report's picture of the strip is the same pixels as a PNG.
        let frames = try #require(try RunHistory.read(in: dir.url.appendingPathComponent("run")).extras.frames)
        #expect(frames.count == 1 && frames[0].title.hasPrefix("test sequence 1"))
        #expect(Data(base64Encoded: frames[0].png) ==
                PNGImage.grayscale(width: 5 * 64 + 8, height: 3 * 64 + 4, pixels: [UInt8](strip.dropFirst(header.utf8.count))))
        let evaluated = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluated["test"]["msePerFrame"].double == json["test"]["msePerFrame"].double)
    }

    @Test func badOptionsAreOneLineErrors() {
        expectOneLineError(lstm(["train", "nextframe", "--patch-size", "5"]), "--patch-size", "must divide the 64x64 frame, got 5")
        expectOneLineError(lstm(["train", "nextframe", "--kernel-size", "4"]), "--kernel-size", "must be odd")
        expectOneLineError(lstm(["train", "nextframe", "--hidden-channels", "16,x"]), "--hidden-channels: 'x' is not a whole number")
        expectOneLineError(lstm(["train", "nextframe", "--hidden-channels", "0"]), "--hidden-channels", "1 to 512 channels, got 0")
        expectOneLineError(lstm(["train", "nextframe", "--strips", "9", "--test-sequences", "4"]), "--strips", "must be in 0...4")
        expectOneLineError(lstm(["train", "nextframe", "--data", "/nonexistent/mnist.csv"]), "/nonexistent/mnist.csv")
        expectOneLineError(lstm(["train", "nextframe", "--scheduled-sampling", "1.5"]), "--scheduled-sampling",
                           "must be in [0, 1], got 1.5")
    }
}
