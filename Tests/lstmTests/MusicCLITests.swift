import Foundation
import LSTMKit
import Testing
@testable import lstm

/// `lstm train music`, `lstm evaluate` and `lstm sample --output FILE.mid` on a tiny piano-roll file.
@Suite struct MusicCLITests {
    let dir = TemporaryDirectory()

    func chorales(test: String = "[[[55, 59, 62], [57], [57, 60]]]") throws -> String {
        try dir.write("""
            {"train": [[[60, 64, 67], [62, 65], [], [48]], [[21, 108], [60], [60, 64]]],
             "valid": [[[62], [62, 65]]], "test": \(test)}
            """, to: "jsb.json")
    }

    @Test func trainsEvaluatesAndSamplesAMIDIFile() throws {
        let data = try chorales()
        let json = try expectJSON(lstm(["train", "music", "--data", data, "--output", dir.path("run"), "--hidden-size", "4",
                                        "--epochs", "2", "--batch-size", "2", "--json"]))
        #expect(json["task"].string == "music")
        #expect(json["test"]["frames"].int == 2 && json["valid"]["frames"].int == 1)
        let nll = try #require(json["test"]["nll"].double)
        #expect(nll > 10 && nll < 200)                       // untrained: about 88 ln 2 = 61 nats per frame
        let evaluated = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluated["test"]["nll"].double == nll)

        let sampled = lstm(["sample", dir.path("run"), "--output", dir.path("c.mid"), "--length", "12", "--seed", "5"])
        #expect(sampled.status == 0, "\(sampled.error)")
        #expect(sampled.output.hasPrefix("wrote \(dir.path("c.mid")): 12 quarter-note steps"))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir.path("c.mid"))))
        #expect(Array(bytes.prefix(14)) == [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0])
        let midi = try MIDIFile.parse(bytes)
        #expect(midi.microsecondsPerQuarter == 600_000)      // 100 bpm
        let roll = midi.pianoRoll(ticksPerStep: 480)
        #expect(roll.count <= 12 && [[60, 64, 67], [21, 108]].contains(roll[0]))   // an opening chord of the training data
    }

    @Test func aPitchOutsideThePianoIsOneLineAndWritesNothing() throws {
        let data = try chorales(test: "[[[55], [57, 110]]]")
        expectOneLineError(lstm(["train", "music", "--data", data, "--output", dir.path("run"), "--epochs", "1"]),
                           "jsb.json: split \"test\", sequence 1, step 2: pitch 110 is outside the 88-key piano range 21...108")
        #expect(!dir.exists("run"))
        // A split whose chorales are one step long has no frame to predict: refused before anything is written.
        let short = try chorales(test: "[[[55]], [[57, 60]]]")
        expectOneLineError(lstm(["train", "music", "--data", short, "--output", dir.path("run"), "--epochs", "1"]),
                           "jsb.json: split \"test\" has no chorale of at least 2 steps, so no frame to predict")
        #expect(!dir.exists("run"))
    }

    @Test func badOptionsAreOneLineErrors() throws {
        expectOneLineError(lstm(["train", "music"]), "--data is required")
        expectOneLineError(lstm(["train", "music", "--data", dir.path("none.json")]), "none.json: no such file")
        expectOneLineError(lstm(["train", "music", "--data", "x.json", "--bidirectional"]), "--bidirectional", "does not apply")
        expectOneLineError(lstm(["train", "music", "--data", "x.json", "--input-dropout", "1"]), "--input-dropout",
                           "must be in [0, 1), got 1.0")
        let data = try chorales()
        #expect(lstm(["train", "music", "--data", data, "--output", dir.path("run"), "--hidden-size", "2", "--epochs", "1"]).status == 0)
        expectOneLineError(lstm(["sample", dir.path("run")]), "give --output FILE.mid")
        expectOneLineError(lstm(["sample", dir.path("run"), "--output", dir.path("a.mid"), "--length", "10001"]),
                           "--length", "must be at most 10000")
        expectOneLineError(lstm(["sample", dir.path("run"), "--output", dir.path("a.txt")]), "--output", "must name a MIDI file")
        expectOneLineError(lstm(["sample", dir.path("run"), "--output", dir.path("a.mid"), "--prime", "x"]), "--prime")
        expectOneLineError(lstm(["sample", dir.path("run"), "--output", dir.path("a.mid"), "--tempo", "0"]), "--tempo")
        expectOneLineError(lstm(["sample", dir.path("run"), "--output", dir.path("none/a.mid")]), "none/a.mid")
        #expect(!dir.exists("a.mid") && !dir.exists("a.txt"))
        expectOneLineError(lstm(["predict", dir.path("run"), "x"]), "music checkpoint", "lstm sample")
    }
}
