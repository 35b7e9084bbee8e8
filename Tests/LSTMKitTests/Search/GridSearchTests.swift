import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct GridSearchTests {
    @Test func cartesianProductLastDimensionFastest() throws {
        let space = try SearchSpace(parsing: "cell=choice(lstm,gru);layers=int(1,3);lr=loguniform(1e-3,1e-1)")
        let grid = GridSearch(space, points: ["lr": 3])
        #expect(grid.trialCount == 18)
        let configs = grid.configurations
        #expect(configs.count == 18)
        #expect(Set(configs).count == 18)
        #expect(configs[0].description == "cell=lstm, layers=1, lr=0.001")
        #expect(abs(try configs[1].double("lr") - 0.01) < 1e-15)
        #expect(configs[2].description == "cell=lstm, layers=1, lr=0.1")
        #expect(configs[3].description == "cell=lstm, layers=2, lr=0.001")
        #expect(configs[9].description == "cell=gru, layers=1, lr=0.001")
        #expect(configs[17].description == "cell=gru, layers=3, lr=0.1")
        #expect(grid.configuration(trial: 5) == configs[5])
    }

    @Test func countsAndSharedPointCount() throws {
        let space = try SearchSpace(parsing: "a=int(32,128,32);b=uniform(0,1);c=loguniform(1,100)")
        #expect(GridSearch(space, points: 2).trialCount == 4 * 2 * 2)
        #expect(GridSearch(space, points: ["b": 3, "c": 1]).trialCount == 4 * 3 * 1)
        #expect(GridSearch(try SearchSpace(parsing: "x=choice(1)")).trialCount == 1)
    }

    @Test func continuousDimensionWithoutPointsFails() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GridSearch(SearchSpace([.choice("c", [1, 2]), .uniform("dropout", 0, 0.5)]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains(
            "GridSearch: continuous dimension \"dropout\" (dropout=uniform(0.0,0.5)) needs a point count"))
    }
}
