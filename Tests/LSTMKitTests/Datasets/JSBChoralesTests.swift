import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The JSB Chorales reader: shape, splits, the 88-key range, one-line errors naming file, split, sequence, step.
@Suite struct JSBChoralesTests {
    static let valid = """
        {"train": [[[60, 64, 67], [67, 60, 64, 60], []], [[21, 108]]],
         "valid": [[[62], [62, 65]]],
         "test": [[[55, 59, 62], [57]]]}
        """

    func parse(_ text: String) throws -> JSBChorales { try JSBChorales.parse(Data(text.utf8), source: "j.json") }

    func error(_ text: String) -> String? { datasetError { try parse(text) }?.description }

    @Test func readsSplitsSortingAndDeduplicatingEachStep() throws {
        let c = try parse(Self.valid)
        #expect(c.train == [[[60, 64, 67], [60, 64, 67], []], [[21, 108]]])
        #expect(c.valid == [[[62], [62, 65]]])
        #expect(c.test == [[[55, 59, 62], [57]]])
        #expect(c.split("valid") == c.valid)
    }

    @Test func loadsAFileAndNamesMissingOnes() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.write("jsb.json", Self.valid)
        #expect(try JSBChorales.load(url) == (try parse(Self.valid)))
        let missing = dir.url.appendingPathComponent("none.json")
        #expect(datasetError { try JSBChorales.load(missing) } == DatasetError(.fileNotFound, source: missing.path, "no such file"))
        #expect(datasetError { try JSBChorales.load(dir.url) }?.kind == .unreadableFile)
    }

    @Test func multiHotRowsPutPitch21AtKey0() {
        #expect(PianoRoll.keyCount == 88)
        let roll = PianoRoll.multiHot([[21, 60], [], [108]])
        #expect(roll.count == 3 * 88)
        #expect(roll.indices.filter { roll[$0] == 1 } == [0, 39, 2 * 88 + 87])
        #expect(PianoRoll.pitches(ofRow: roll[0..<88]) == [21, 60])
        #expect(PianoRoll.pitches(ofRow: roll[88..<176]) == [])
    }

    @Test func aPitchOutsideThePianoNamesFileSplitSequenceAndStep() {
        #expect(error(#"{"train": [[[60]]], "valid": [[[60]]], "test": [[[60]], [[60], [64, 12]]]}"#) ==
                #"j.json: split "test", sequence 2, step 2: pitch 12 is outside the 88-key piano range 21...108"#)
        #expect(error(#"{"train": [[[109]]], "valid": [[[60]]], "test": [[[60]]]}"#)?.contains("pitch 109 is outside") == true)
    }

    @Test func everyOtherShapeProblemIsOneLine() {
        let cases: [(String, String)] = [
            (#"{"train": [[[60.5]]], "valid": [[[60]]], "test": [[[60]]]}"#, #"split "train", sequence 1, step 1: pitch 60.5 is not a whole number"#),
            (#"{"train": [[[true]]], "valid": [[[60]]], "test": [[[60]]]}"#, "is not a number"),
            (#"{"train": [[["C4"]]], "valid": [[[60]]], "test": [[[60]]]}"#, "is not a number"),
            (#"{"train": [[[60]]], "valid": [[[60]]]}"#, #"split "test" is missing"#),
            (#"{"train": [[[60]]], "valid": [[[60]]], "test": [[[60]]], "extra": []}"#, #"split "extra" is not one of "train", "valid", "test""#),
            (#"{"train": [[]], "valid": [[[60]]], "test": [[[60]]]}"#, #"split "train", sequence 1 has no time steps"#),
            (#"{"train": [], "valid": [[[60]]], "test": [[[60]]]}"#, #"split "train" has no sequences"#),
            (#"{"train": [[60]], "valid": [[[60]]], "test": [[[60]]]}"#, #"split "train", sequence 1, step 1: expected a list of pitches"#),
            (#"{"train": 3, "valid": [[[60]]], "test": [[[60]]]}"#, "expected a list of sequences"),
            ("[1, 2]", "expected an object with the splits"),
            ("{\"train\": [", "not valid JSON"),
            ("", "the file is empty"),
        ]
        for (text, fragment) in cases {
            let message = error(text)
            #expect(message?.contains(fragment) == true && message?.hasPrefix("j.json: ") == true, "\(text): \(message ?? "no error")")
            #expect(message?.contains("\n") == false)
        }
    }
}
