import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SearchSpaceTests {
    let space = SearchSpace([
        .logUniform("learningRate", 1e-4, 1e-1),
        .choice("cell", ["lstm", "gru"]),
        .integer("hiddenSize", 32...128, step: 32),
        .uniform("dropout", 0, 0.5),
    ])

    @Test func samplesStayInRangeAndKeepDeclaredOrder() throws {
        let rng = RandomSource(seed: 3)
        for _ in 0..<200 {
            let c = space.sample(using: rng)
            #expect(c.names == space.names)
            let lr = try c.double("learningRate"), dropout = try c.double("dropout")
            #expect(lr >= 1e-4 && lr <= 1e-1)
            #expect(dropout >= 0 && dropout <= 0.5)
            #expect([32, 64, 96, 128].contains(try c.int("hiddenSize")))
            #expect(["lstm", "gru"].contains(try c.string("cell")))
        }
    }

    @Test func logUniformIsUniformInTheLogarithm() throws {
        let lr = SearchSpace([.logUniform("lr", 1e-4, 1e-1)])
        let rng = RandomSource(seed: 11)
        var decades = [0, 0, 0]                   // [1e-4, 1e-3), [1e-3, 1e-2), [1e-2, 1e-1]
        let n = 3000
        for _ in 0..<n {
            let v = try lr.sample(using: rng).double("lr")
            #expect(v >= 1e-4 && v <= 1e-1)
            decades[min(Int(log10(v) + 4), 2)] += 1
        }
        // Each decade expects n/3 = 1000 draws (sd about 26); a linear uniform would put ~90% in the last.
        for count in decades { #expect(abs(count - n / 3) < 120, "decade counts \(decades)") }
    }

    @Test func oneUniformPerDimensionSoAppendingKeepsEarlierValues() {
        let longer = SearchSpace(space.dimensions + [.choice("extra", [1, 2, 3])])
        let a = space.sample(using: RandomSource(seed: 5)), b = longer.sample(using: RandomSource(seed: 5))
        #expect(Array(b.values.prefix(4)) == a.values)
    }

    @Test func valueForUniformMapping() {
        let d = SearchDimension.integer("h", 1...3)
        #expect([0, 0.33, 0.34, 0.66, 0.67, 0.999999].map { d.value(forUniform: $0) } == [1, 1, 2, 2, 3, 3])
        let c = SearchDimension.choice("c", ["a", "b"])
        #expect(c.value(forUniform: 0.49) == "a" && c.value(forUniform: 0.5) == "b")
        #expect(SearchDimension.uniform("u", 2, 4).value(forUniform: 0.25) == .double(2.5))
        #expect(SearchDimension.logUniform("l", 1e-3, 1e-1).value(forUniform: 0) == .double(1e-3))
    }

    @Test func gridValues() {
        #expect(SearchDimension.integer("h", 32...128, step: 32).gridValues(points: nil) == [32, 64, 96, 128])
        #expect(SearchDimension.integer("h", 1...6, step: 2).gridValues(points: nil) == [1, 3, 5])
        #expect(SearchDimension.uniform("u", 0, 1).gridValues(points: 5) == [0.0, 0.25, 0.5, 0.75, 1.0])
        let log = SearchDimension.logUniform("l", 1e-4, 1e-1).gridValues(points: 4).map { $0.doubleValue! }
        #expect(log.first == 1e-4 && log.last == 1e-1)
        for (v, e) in zip(log, [1e-4, 1e-3, 1e-2, 1e-1]) { #expect(abs(v - e) <= 1e-12 * e) }
        #expect(SearchDimension.uniform("u", 0, 1).gridValues(points: 1) == [0.0])
    }

    @Test func descriptionIsTheSpecStringAndCodable() throws {
        #expect(space.description
            == "learningRate=loguniform(0.0001,0.1);cell=choice(lstm,gru);hiddenSize=int(32,128,32);"
            + "dropout=uniform(0.0,0.5)")
        #expect(try SearchSpace(parsing: space.description) == space)
        let data = try JSONEncoder().encode(space)
        #expect(try JSONDecoder().decode(SearchSpace.self, from: data) == space)
    }

    @Test func logUniformNeedsAPositiveLowerBound() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SearchDimension.logUniform("learningRate", 0, 0.1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SearchDimension \"learningRate\": logUniform needs low > 0"))
    }

    @Test func invalidDeclarationsAreDescribed() {
        func problem(_ name: String, _ kind: SearchDimension.Kind) -> String {
            SearchDimension.problem(name: name, kind: kind) ?? "(none)"
        }
        #expect(problem("c", .choice([])).contains("choice needs at least one value"))
        #expect(problem("c", .choice([1, 2, 1])).contains("choice value 1 is listed twice"))
        #expect(problem("h", .integer(1...3, step: 0)).contains("step must be >= 1"))
        #expect(problem("u", .uniform(low: 1, high: 1)).contains("uniform needs low < high"))
        #expect(problem("u", .uniform(low: 0, high: .infinity)).contains("must be finite"))
        #expect(problem("l", .logUniform(low: 1e-2, high: 1e-3)).contains("logUniform needs low < high"))
        #expect(problem("score", .integer(1...2, step: 1)).contains("is a column of the results table"))
        #expect(problem("a b", .integer(1...2, step: 1)).contains("must be a word"))
        #expect(problem("ok", .integer(1...2, step: 1)) == "(none)")
    }
}
