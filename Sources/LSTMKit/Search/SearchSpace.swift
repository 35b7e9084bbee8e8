import Foundation

/// The hyperparameters a search explores: named dimensions in a fixed order.
///
///     let space = SearchSpace([
///         .logUniform("learningRate", 1e-4, 1e-1),
///         .choice("hiddenSize", [32, 64, 128]),
///         .integer("layers", 1...3),
///     ])
///     // the same space from a compact string (for a command line):
///     let parsed = try SearchSpace(
///         parsing: "learningRate=loguniform(1e-4,1e-1);hiddenSize=choice(32,64,128);layers=int(1,3)")
///     parsed == space                                   // true
///     space.description   // "learningRate=loguniform(0.0001,0.1);hiddenSize=choice(32,64,128);layers=int(1,3)"
///     let config = space.sample(using: RandomSource(seed: 7))   // one random Configuration
///
/// `sample` draws exactly one uniform per dimension, in declared order, so appending a dimension does not
/// change the values drawn for the earlier ones. `description` is the spec string, which parses back to an
/// equal space. Codable as that string.
public struct SearchSpace: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The dimensions, in declared order (the order of configuration keys and table columns).
    public let dimensions: [SearchDimension]

    /// A space over `dimensions`; a repeated name stops with a failure.
    public init(_ dimensions: [SearchDimension]) {
        var seen = Set<String>()
        for d in dimensions where !seen.insert(d.name).inserted {
            failure("SearchSpace: dimension \"\(d.name)\" is declared twice")
        }
        self.dimensions = dimensions
    }

    /// The dimension names, in declared order.
    public var names: [String] { dimensions.map(\.name) }

    /// The dimension called `name`, or nil.
    public subscript(name: String) -> SearchDimension? { dimensions.first { $0.name == name } }

    /// A configuration with each dimension drawn independently from `rng` (one uniform per dimension).
    public func sample(using rng: RandomSource) -> Configuration {
        let u = rng.uniforms(count: dimensions.count)
        return Configuration(zip(dimensions, u).map { ($0.name, $0.value(forUniform: $1)) })
    }

    /// The spec string: each dimension's `specText`, joined by ";".
    public var description: String { dimensions.map(\.specText).joined(separator: ";") }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try SearchSpace(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
