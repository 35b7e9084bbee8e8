import Foundation
import Testing
@testable import lstm

/// `lstm demo gan` on a tiny budget: the report's fields, sunspot windows from a file, bad options.
@Suite struct GANDemoTests {
    let dir = TemporaryDirectory()

    @Test func sinesReportHasCurveScoresAndSamples() throws {
        let json = try expectJSON(lstm(["demo", "gan", "--steps", "4", "--score-steps", "2", "--batch-size", "4",
                                        "--hidden-size", "2", "--json"]))
        #expect(json["trainSequences"].int == 2000 && json["heldOutSequences"].int == 500)
        #expect(json["curve"].array.map { $0["step"].int } == [1, 2, 3, 4])
        let score = try #require(json["discriminativeScore"].double)
        #expect(score >= 0 && score <= 1)
        #expect((json["predictiveScore"].double ?? -1) > 0 && (json["predictiveScoreReal"].double ?? -1) > 0)
        #expect(json["generatedSamples"].array.count == 3 && json["generatedSamples"][0].array.count == 24)
    }

    @Test func sunspotWindowsComeFromTheFile() throws {
        let rows = (0..<200).map { "\"\($0 + 1)\",\(1749 + Double($0) / 12),\(50 + 40 * sin(Double($0) / 20))" }
        let file = try dir.write((["\"\",\"time\",\"sunspot.month\""] + rows).joined(separator: "\n"), to: "s.csv")
        let json = try expectJSON(lstm(["demo", "gan", "--data", "sunspots", "--file", file, "--steps", "2",
                                        "--score-steps", "2", "--batch-size", "4", "--hidden-size", "2", "--json"]))
        #expect(json["trainSequences"].int == 160 - 23 && json["heldOutSequences"].int == 40 - 23)
    }

    @Test func badOptionsAreOneLineErrors() {
        expectOneLineError(lstm(["demo", "gan", "--steps", "0"]), "--steps must be positive, got 0")
        expectOneLineError(lstm(["demo", "gan", "--hidden-size", "5000"]), "--hidden-size must be at most 1024")
        expectOneLineError(lstm(["demo", "gan", "--file", "x.csv"]), "--file applies to --data sunspots only")
        expectOneLineError(lstm(["demo", "gan", "--data", "sunspots", "--file", dir.path("none.csv")]), "none.csv")
    }
}
