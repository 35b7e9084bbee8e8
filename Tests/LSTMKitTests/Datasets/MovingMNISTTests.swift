import Testing
@testable import LSTMKit

@Suite struct MovingMNISTTests {
    /// Two "digits": a full 28x28 square of 1s and one of 0.5s.
    let set = MovingMNIST(digits: [[Float](repeating: 1, count: 784), [Float](repeating: 0.5, count: 784)],
                          frameCount: 30)

    @Test func deterministicAndSeedDependent() {
        #expect(set.sequence(seed: 3, index: 5) == set.sequence(seed: 3, index: 5))
        #expect(set.sequence(seed: 3, index: 5) != set.sequence(seed: 3, index: 6))
        #expect(set.sequence(seed: 4, index: 5) != set.sequence(seed: 3, index: 5))
    }

    /// Each frame holds two 28x28 squares inside the canvas (values 0, 0.5 or 1; at least 784 pixels lit and
    /// at most 2 * 784), and consecutive frames differ (the digits move).
    @Test func digitsStayInsideTheCanvasAndMove() {
        for index in 0..<20 {
            let s = set.sequence(seed: 1, index: index)
            #expect(s.count == 30 * 4096)
            var previous: ArraySlice<Float>?
            for t in 0..<30 {
                let frame = s[(t * 4096)..<((t + 1) * 4096)]
                let lit = frame.filter { $0 > 0 }.count
                #expect((784...1568).contains(lit), "sequence \(index) frame \(t): \(lit) pixels lit")
                #expect(frame.allSatisfy { $0 == 0 || $0 == 0.5 || $0 == 1 })
                if let previous { #expect(Array(previous) != Array(frame) || set.speed == 0) }
                previous = frame
            }
        }
    }

    @Test func bounceReflectsOffBothWalls() {
        #expect(MovingMNIST.bounce(-2, -3, 36) == (2, 3))
        #expect(MovingMNIST.bounce(38.5, 3, 36) == (33.5, -3))
        #expect(MovingMNIST.bounce(10, 3, 36) == (10, 3))
    }

    @Test func batchIsTimeMajor() {
        let b = set.batch(seed: 2, indices: [4, 7])
        #expect(b.shape == [30, 2, 1, 64, 64])
        let s7 = set.sequence(seed: 2, index: 7)
        #expect(Array(b.slice(axis: 0, 3..<4).slice(axis: 1, 1..<2).scalars) == Array(s7[(3 * 4096)..<(4 * 4096)]))
    }
}
