import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SplitIndicesTests {
    func expectPartition(_ s: SplitIndices, _ n: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let all = s.train + s.validation + s.test
        #expect(all.sorted() == Array(0..<n), "not a partition of 0..<\(n)", sourceLocation: sourceLocation)
        for part in [s.train, s.validation, s.test] {
            #expect(part == part.sorted(), sourceLocation: sourceLocation)
        }
    }

    @Test func randomSizesDisjointAndSeeded() {
        let s = SplitIndices.random(count: 100, train: 0.8, validation: 0.1, using: RandomSource(seed: 1))
        #expect([s.train.count, s.validation.count, s.test.count] as [Int] == [80, 10, 10])
        expectPartition(s, 100)
        #expect(s.train != Array(0..<80))                                   // shuffled, not a prefix
        let again = SplitIndices.random(count: 100, train: 0.8, validation: 0.1, using: RandomSource(seed: 1))
        #expect(again == s)
        let other = SplitIndices.random(count: 100, train: 0.8, validation: 0.1, using: RandomSource(seed: 2))
        #expect(other != s)
    }

    @Test func cumulativeRoundingAlwaysAddsUp() {
        for n in [0, 1, 2, 3, 7, 10, 11] {
            let s = SplitIndices.random(count: n, train: 0.6, validation: 0.25, using: RandomSource(seed: 0))
            expectPartition(s, n)
            #expect(s.train.count == Int((0.6 * Double(n)).rounded()))
        }
        let noTest = SplitIndices.random(count: 10, train: 0.7, validation: 0.3, using: RandomSource(seed: 0))
        #expect([noTest.train.count, noTest.validation.count, noTest.test.count] as [Int] == [7, 3, 0])
    }

    @Test func chronologicalKeepsOrder() {
        let c = SplitIndices.chronological(count: 100, train: 0.7, validation: 0.15)
        #expect(c.train == Array(0..<70))
        #expect(c.validation == Array(70..<85))
        #expect(c.test == Array(85..<100))
        #expect(c.train.last! < c.validation.first! && c.validation.last! < c.test.first!)
        let twoWay = SplitIndices.chronological(count: 10, train: 0.8)
        #expect(twoWay.train == Array(0..<8) && twoWay.validation.isEmpty && twoWay.test == [8, 9])
    }

    @Test func chronologicalGapDropsBoundaryItems() {
        let c = SplitIndices.chronological(count: 20, train: 0.5, validation: 0.25, gap: 2)
        #expect(c.train == Array(0..<10))
        #expect(c.validation == [12, 13, 14])
        #expect(c.test == [17, 18, 19])
        let noVal = SplitIndices.chronological(count: 10, train: 0.5, gap: 3)
        #expect(noVal.test == [8, 9])
    }

    @Test func groupedNeverSplitsAGroup() {
        // 30 subjects with 5...34 examples each, interleaved in time.
        var groups: [String] = []
        for k in 0..<34 { for subject in 0..<30 where k < 5 + subject { groups.append("s\(subject)") } }
        let g = SplitIndices.grouped(groups: groups, train: 0.7, validation: 0.15, using: RandomSource(seed: 4))
        expectPartition(g.indices, groups.count)
        let sides = [g.indices.train, g.indices.validation, g.indices.test].map { Set($0.map { groups[$0] }) }
        #expect(sides[0].isDisjoint(with: sides[1]) && sides[0].isDisjoint(with: sides[2]) && sides[1].isDisjoint(with: sides[2]))
        #expect(sides[0] == Set(g.trainGroups) && sides[1] == Set(g.validationGroups) && sides[2] == Set(g.testGroups))
        #expect(sides.map(\.count).reduce(0, +) == 30)
        // Sizes near the targets (within the largest group).
        let n = Double(groups.count)
        #expect(Swift.abs(Double(g.indices.train.count) - 0.7 * n) <= 34)
        #expect(Swift.abs(Double(g.indices.validation.count) - 0.15 * n) <= 34)
        #expect(!g.indices.test.isEmpty)
        let again = SplitIndices.grouped(groups: groups, train: 0.7, validation: 0.15, using: RandomSource(seed: 4))
        #expect(again.indices == g.indices && again.trainGroups == g.trainGroups)
        let other = SplitIndices.grouped(groups: groups, train: 0.7, validation: 0.15, using: RandomSource(seed: 5))
        #expect(other.trainGroups != g.trainGroups)
    }

    @Test func groupedZeroFractionPartGetsNothing() {
        let groups = (0..<40).map { $0 % 8 }
        let g = SplitIndices.grouped(groups: groups, train: 0.75, validation: 0.25, using: RandomSource(seed: 0))
        #expect(g.indices.test.isEmpty && g.testGroups.isEmpty)
        #expect(g.indices.train.count == 30 && g.indices.validation.count == 10)
    }

    @Test func badFractionsStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SplitIndices.chronological(count: 10, train: 0.8, validation: 0.3)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SplitIndices.chronological: fractions train 0.8, validation 0.3 must be >= 0 with train + validation <= 1"))
    }
}
