import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct DatasetTests {
    struct Squares: Dataset {
        var count: Int { 5 }
        subscript(index: Int) -> Int { index * index }
    }

    @Test func arrayDatasetCountAndSubscript() {
        let data = ArrayDataset(["a", "b", "c"])
        #expect(data.count == 3)
        #expect(data[2] == "c")
        #expect(data.allExamples == ["a", "b", "c"])
    }

    @Test func subsetReadsThroughInOrderWithRepeats() {
        let data = Squares()
        let picked = data.subset([4, 1, 1])
        #expect(picked.count == 3)
        #expect(picked.allExamples == [16, 1, 1])
        #expect(data.subset(1..<3).allExamples == [1, 4])
        #expect(picked.subset([0]).allExamples == [16])               // subsets nest
        #expect(data.subset([]).count == 0)
    }

    @Test func mappedTransformsOnRead() {
        let lengths = ArrayDataset(["ab", "cde", ""]).mapped { $0.count }
        #expect(lengths.allExamples == [2, 3, 0])
    }

    @Test func subsetIndexOutOfRangeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ArrayDataset([1, 2, 3]).subset([0, 3])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Dataset.subset: index 3 at position 1 is out of range 0..<3"))
    }
}
