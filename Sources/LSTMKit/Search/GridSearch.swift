import Foundation

/// Every combination of the dimensions' grid values (a cartesian product), last dimension varying fastest.
///
///     let space = try SearchSpace(parsing: "cell=choice(lstm,gru);layers=int(1,3);lr=loguniform(1e-3,1e-1)")
///     let grid = GridSearch(space, points: ["lr": 3])      // lr takes 0.001, 0.01, 0.1
///     grid.trialCount                                      // 2 * 3 * 3 = 18
///     grid.configuration(trial: 0)                         // cell=lstm, layers=1, lr=0.001
///     grid.configuration(trial: 1)                         // cell=lstm, layers=1, lr=0.01
///     grid.configuration(trial: 3)                         // cell=lstm, layers=2, lr=0.001
///
/// Choices are taken in the listed order and integer ranges are enumerated (`int(32,128,32)`: 32, 64, 96,
/// 128). A continuous dimension needs an explicit point count: evenly spaced for uniform, evenly spaced in
/// log for logUniform (`numpy.linspace` / `numpy.geomspace`, both ends included). A missing count, a count
/// for an unknown or discrete dimension, or a count < 1 stops with a failure (a command line can check
/// `SearchDimension.isContinuous` first). The grid grows as the product of the sizes: prefer `RandomSearch`
/// beyond two or three dimensions (Bergstra and Bengio, 2012).
public struct GridSearch: HyperparameterSearch {
    public let space: SearchSpace
    /// Seeds `TrialContext.seed` (see `SearchSeeds`); the grid itself is not random.
    public let seed: UInt64
    /// The point count of each continuous dimension.
    public let points: [String: Int]
    /// The grid values of each dimension, in declared order.
    public let axes: [[HyperparameterValue]]
    public let trialCount: Int

    /// A grid over `space`, with `points[name]` values for each continuous dimension.
    public init(_ space: SearchSpace, points: [String: Int] = [:], seed: UInt64 = 0) {
        for (name, _) in points.sorted(by: { $0.key < $1.key }) {
            guard let dimension = space[name] else {
                failure("GridSearch: points given for \"\(name)\", which is not a dimension; dimensions: "
                    + space.names.joined(separator: ", "))
            }
            if !dimension.isContinuous {
                failure("GridSearch: points given for \"\(name)\", which is discrete (\(dimension.specText) "
                    + "has \(dimension.discreteCount!) values)")
            }
        }
        self.space = space
        self.seed = seed
        self.points = points
        self.axes = space.dimensions.map { $0.gridValues(points: points[$0.name]) }
        var count = 1
        for axis in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.count)
            if overflow { failure("GridSearch: the grid has more than \(Int.max) points") }
            count = product
        }
        self.trialCount = count
    }

    /// A grid with `points` values for every continuous dimension.
    public init(_ space: SearchSpace, points: Int, seed: UInt64 = 0) {
        var perDimension: [String: Int] = [:]
        for d in space.dimensions where d.isContinuous { perDimension[d.name] = points }
        self.init(space, points: perDimension, seed: seed)
    }

    /// Grid point `trial`: its mixed-radix digits (last dimension fastest) index the axes.
    public func configuration(trial: Int) -> Configuration {
        checkTrialIndex(trial)
        var rest = trial
        var picked = [HyperparameterValue](repeating: 0, count: axes.count)
        for d in axes.indices.reversed() {
            picked[d] = axes[d][rest % axes[d].count]
            rest /= axes[d].count
        }
        return Configuration(zip(space.names, picked).map { ($0, $1) })
    }
}
