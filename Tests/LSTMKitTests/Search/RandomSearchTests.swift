import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RandomSearchTests {
    let space = SearchSpace([
        .logUniform("learningRate", 1e-4, 1e-1),
        .choice("hiddenSize", [32, 64, 128]),
        .integer("layers", 1...3),
        .uniform("dropout", 0, 0.5),
    ])

    @Test func sameSeedSameConfigurations() {
        let a = RandomSearch(space, trials: 10, seed: 42).configurations
        let b = RandomSearch(space, trials: 10, seed: 42).configurations
        let c = RandomSearch(space, trials: 10, seed: 43).configurations
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a.map { $0["learningRate"]! }).count == 10)
    }

    @Test func eachTrialIsReproducibleAlone() {
        let all = RandomSearch(space, trials: 10, seed: 7).configurations
        #expect(RandomSearch(space, trials: 10, seed: 7).configuration(trial: 6) == all[6])
        // more trials: the first ten are unchanged
        #expect(Array(RandomSearch(space, trials: 20, seed: 7).configurations.prefix(10)) == all)
        // trial 6 is the space sampled with its documented seed
        let alone = space.sample(using: RandomSource(seed: SearchSeeds.samplingSeed(searchSeed: 7, trial: 6)))
        #expect(alone == all[6])
    }

    @Test func seedDerivationIsSplitMix64() {
        // SplitMix64 from state 0: the first outputs are the published test values of the generator.
        #expect(SearchSeeds.samplingSeed(searchSeed: 0, trial: 0) == 0xE220_A839_7B1D_CDAF)
        #expect(SearchSeeds.trialSeed(searchSeed: 0, trial: 0) == 0x6E78_9E6A_A1B9_65F4)
        #expect(SearchSeeds.samplingSeed(searchSeed: 0, trial: 1) == 0x06C4_5D18_8009_454F)
        let seeds = (0..<100).flatMap { [SearchSeeds.samplingSeed(searchSeed: 5, trial: $0),
                                         SearchSeeds.trialSeed(searchSeed: 5, trial: $0)] }
        #expect(Set(seeds).count == 200)
    }
}
