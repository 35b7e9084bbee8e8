import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train speech` on tiny generated recordings (a low and a high tone per class, two speakers, four takes;
/// a folder and a .tar.gz of the same files), then `lstm evaluate` and `lstm predict` on a WAV, and the
/// one-line errors of bad recordings and options.
@Suite struct SpeechCLITests {
    let dir = TemporaryDirectory()

    /// 0.1 s at 8 kHz: a tone at `hertz` with a speaker-dependent second partial and a little noise.
    static func tone(_ hertz: Double, speaker: Int, take: Int) -> WAVFile {
        let rng = RandomSource(seed: UInt64(100 * speaker + take))
        let noise = rng.normals(count: 800)
        let samples = (0..<800).map { t -> Float in
            let x = Double(t) / 8000
            return Float(0.5 * sin(2 * Double.pi * hertz * x) + 0.1 * sin(2 * Double.pi * Double(2 + speaker) * hertz * x)
                         + 0.02 * noise[t])
        }
        return WAVFile(sampleRate: 8000, format: .pcm16, channels: [samples])
    }

    /// Writes {lo,hi}_{s0,s1}_{0...3}.wav into `folder` and returns its path.
    func recordings(_ folder: String = "wav") throws -> String {
        let url = URL(fileURLWithPath: dir.path(folder))
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (label, hertz) in [("lo", 300.0), ("hi", 1500.0)] {
            for speaker in 0..<2 {
                for take in 0..<4 {
                    try Self.tone(hertz, speaker: speaker, take: take)
                        .write(to: url.appendingPathComponent("\(label)_s\(speaker)_\(take).wav"))
                }
            }
        }
        return url.path
    }

    func train(_ data: String, output: String = "run") -> [String] {
        ["train", "speech", "--data", data, "--output", dir.path(output), "--test-takes", "1", "--validation-fraction",
         "0.25", "--hidden-size", "4", "--epochs", "2", "--batch-size", "4", "--json"]
    }

    @Test func trainsEvaluatesAndPredicts() throws {
        let folder = try recordings()
        let report = try expectJSON(lstm(train(folder)))
        #expect(report["task"].string == "speech" && report["features"].int == 39)
        #expect(report["classNames"].array.compactMap(\.string) == ["hi", "lo"])
        #expect(report["source"].string == "16 recordings (2 speakers, 2 s at 8000 Hz)")
        #expect(report["split"].string?.hasSuffix("10 train, 2 validation, 4 test") == true, "\(report["split"])")
        #expect(report["best"]["examples"].int == 4 && report["training"]["steps"].int == 6)
        #expect(report["best"]["confusionMatrix"].array.count == 2)

        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["task"].string == "speech")
        #expect(evaluation["test"]["accuracy"].double == report["best"]["accuracy"].double)

        let wav = folder + "/hi_s1_0.wav"
        let predicted = try expectJSON(lstm(["predict", dir.path("run"), wav, "--json"]))
        #expect(predicted["predictions"].array.count == 1 && predicted["predictions"][0]["file"].string == wav)
        #expect(["hi", "lo"].contains(predicted["predictions"][0]["label"].string ?? ""))
        let plain = lstm(["predict", dir.path("run"), "--file", wav])
        #expect(plain.status == 0 && plain.output.hasPrefix(wav + "\t") && plain.output.contains("(p = "))
        expectOneLineError(lstm(["predict", dir.path("run")]), "give WAV files (or --file F.wav)")
        expectOneLineError(lstm(["predict", dir.path("run"), dir.path("none.wav")]), "none.wav", "no such file")
        guard case .speech(let model) = try TaskCheckpoint.load(dir.path("run")) else {
            Issue.record("speech checkpoint loaded as another task"); return
        }
        #expect(model.classNames == ["hi", "lo"] && model.config.features.featureCount == 39)
        #expect(try model.predict(files: [wav]).predictions.map(\.label) == [predicted["predictions"][0]["label"].string ?? ""])

        // A checkpoint whose stored feature config was edited to something invalid: one line, never a trap.
        let url = URL(fileURLWithPath: dir.path("run/best.safetensors"))
        var file = try SafeTensors(contentsOf: url)
        let text = try #require(file.metadata["lstmkit.config"])
        file.metadata["lstmkit.config"] = text.replacingOccurrences(of: "\"deltaOrder\":2", with: "\"deltaOrder\":7")
        try #require(file.metadata["lstmkit.config"] != text)
        try file.write(to: url)
        expectOneLineError(lstm(["evaluate", dir.path("run")]), "config field deltaOrder must be 0, 1 or 2, got 7")
    }

    @Test func readsATarGzOfTheSameRecordings() throws {
        let folder = try recordings()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let tar = try TarArchive.archive(files.map {
            TarArchive.Member("fsdd/recordings/\($0)", try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        })
        try tar.write(to: URL(fileURLWithPath: dir.path("fsdd.tar")))
        let gz = try TinyData.gzip(dir.path("fsdd.tar"))
        let fromFolder = try expectJSON(lstm(train(folder, output: "a")))
        let fromArchive = try expectJSON(lstm(train(gz, output: "b")))
        #expect(fromArchive["split"].string == fromFolder["split"].string)
        #expect(fromArchive["best"]["accuracy"].double == fromFolder["best"]["accuracy"].double)
        #expect(fromArchive["training"]["bestValue"].double == fromFolder["training"]["bestValue"].double)
    }

    @Test func badRecordingsAndOptionsAreOneLineErrors() throws {
        let folder = try recordings()
        expectOneLineError(lstm(["train", "speech", "--output", dir.path("x")]), "--data is required")
        expectOneLineError(lstm(train(dir.path("nowhere"))), "nowhere: no such file or directory")
        expectOneLineError(lstm(train(folder) + ["--delta-order", "3"]), "--delta-order must be 0, 1 or 2, got 3")
        expectOneLineError(lstm(train(folder) + ["--cepstrum-count", "30"]), "--cepstrum-count must be in 1...melCount (26)")
        expectOneLineError(lstm(train(folder) + ["--fft-size", "511"]), "--fft-size must be an even number")
        // A recording in mu-law, a truncated one, a misnamed one: each named.
        var mulaw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/lo_s0_1.wav")))
        mulaw[20] = 7
        try Data(mulaw).write(to: URL(fileURLWithPath: folder + "/lo_s0_1.wav"))
        expectOneLineError(lstm(train(folder)), "lo_s0_1.wav: compressed format 7 (mu-law) is not supported")
        try Data(mulaw.prefix(100)).write(to: URL(fileURLWithPath: folder + "/lo_s0_1.wav"))
        expectOneLineError(lstm(train(folder)), "lo_s0_1.wav: the 'data' chunk declares", "(truncated file)")
        try FileManager.default.removeItem(atPath: folder + "/lo_s0_1.wav")
        try Self.tone(300, speaker: 0, take: 1).write(to: URL(fileURLWithPath: folder + "/lo-s0-1.wav"))
        expectOneLineError(lstm(train(folder)), "lo-s0-1.wav: the name is not {label}_{speaker}_{take}.wav")
        try Data().write(to: URL(fileURLWithPath: dir.path("empty.tar")))
        expectOneLineError(lstm(train(dir.path("empty.tar"))), "empty.tar: the archive is empty")
    }
}
