import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct JapaneseVowelsDatasetTests {
    static let header = "#comment\n@problemName X\n@dimensions 2\n@classLabel true 1 2 3\n@data\n"

    @Test func readsVariableLengthCases() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.write("v.ts", Self.header + "1,2,3:4,5,6:2\n7,8:9,10:3\n")
        let data = try JapaneseVowelsDataset.load(url, featureCount: 2)
        #expect(data.classNames == ["1", "2", "3"] && data.count == 2)
        #expect(data.examples[0].steps == 3 && data.examples[0].values == [1, 4, 2, 5, 3, 6] && data.examples[0].label == 1)
        #expect(data.examples[1].steps == 2 && data.examples[1].label == 2)
    }

    @Test func errors() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        func load(_ text: String) -> DatasetError? {
            datasetError { try JapaneseVowelsDataset.load(try dir.write("v.ts", text), featureCount: 2) }
        }
        #expect(load(Self.header + "1,2:3,4:9\n")?.kind == .badLabel)
        #expect(load(Self.header + "1,2:3:1\n")?.kind == .badFormat)
        #expect(load(Self.header + "1,2:1\n")?.kind == .wrongFieldCount)
        let number = load(Self.header + "1,2\n1,a:3,4:1\n")
        #expect(number?.kind == .wrongFieldCount && number?.line == 6)
        let nonNumeric = load(Self.header + "1,a:3,4:1\n")
        #expect(nonNumeric?.kind == .nonNumeric && nonNumeric!.description.contains("v.ts:6"))
        #expect(load("#only a comment\n")?.kind == .emptyFile)
    }

    @Test func committedFilesUseTheOfficialSplit() throws {
        let dir = repositoryRoot.appendingPathComponent("Data/japanese-vowels")
        let train = try JapaneseVowelsDataset.load(dir.appendingPathComponent("JapaneseVowels_TRAIN.ts"))
        let test = try JapaneseVowelsDataset.load(dir.appendingPathComponent("JapaneseVowels_TEST.ts"))
        #expect(train.count == 270 && test.count == 370 && train.classCount == 9)
        let split = JapaneseVowelsDataset.split(train: train, test: test)
        #expect(split.train.count + split.validation.count == 270 && split.test.count == 370)
        // The same cases as the reader before the general .ts reader (totals measured with it).
        #expect(train.examples.map(\.steps).reduce(0, +) == 4274 && test.examples.map(\.steps).reduce(0, +) == 5687)
        #expect(train.examples[0].steps == 20 && train.examples[0].values[0] == 1.860936 && train.examples[0].label == 0)
        #expect(split.train.count == 243 && split.validation.count == 27)
    }

    @Test func otherDimensionCountsAreNamed() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.write("v.ts", "@dimensions 6\n@classLabel true 1\n@data\n1:2:3:4:5:6:1\n")
        let e = datasetError { try JapaneseVowelsDataset.load(url) }
        #expect(e?.kind == .wrongFieldCount && e?.description == "\(url.path):4: the cases have 6 dimensions, expected 12")
    }
}
