import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ConfigurationTests {
    let config: Configuration = ["learningRate": 0.01, "hiddenSize": 64, "cell": "lstm"]

    @Test func typedAccessors() throws {
        #expect(try config.double("learningRate") == 0.01)
        #expect(try config.int("hiddenSize") == 64)
        #expect(try config.double("hiddenSize") == 64)       // an int widens
        #expect(try config.string("cell") == "lstm")
        #expect(config["cell"] == .string("lstm"))
        #expect(config["missing"] == nil)
        #expect(config.names == ["learningRate", "hiddenSize", "cell"])
        #expect(config.count == 3)
    }

    @Test func missingKeyNamesTheKeyAndTheAvailableOnes() {
        do {
            _ = try config.int("layers")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .missing)
            #expect(error.description
                == "Configuration: no hyperparameter \"layers\"; available: learningRate, hiddenSize, cell")
        }
    }

    @Test func wrongTypeNamesTheValueAndTheExpectedType() {
        do {
            _ = try config.int("cell")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .wrongType)
            #expect(error.description == "Configuration: hyperparameter \"cell\" is the string lstm, expected an int; "
                + "available: learningRate, hiddenSize, cell")
        }
        #expect(throws: ConfigurationError.self) { try config.int("learningRate") }   // a double is not an int
        #expect(throws: ConfigurationError.self) { try config.string("hiddenSize") }
        #expect(throws: ConfigurationError.self) { try config.double("cell") }
    }

    @Test func stableDescription() {
        #expect(config.description == "learningRate=0.01, hiddenSize=64, cell=lstm")
        let odd: Configuration = ["a": 1e-5, "b": 2.0, "c": "two words", "d": "32"]
        #expect(odd.description == "a=1e-05, b=2.0, c=\"two words\", d=\"32\"")
    }

    @Test func valueForms() {
        let values: [HyperparameterValue] = [64, 1e-3, "lstm", "a \"q\"", "nan"]
        #expect(values.map(\.description) == ["64", "0.001", "lstm", "a \"q\"", "nan"])
        #expect(values.map(\.specText) == ["64", "0.001", "lstm", "\"a \\\"q\\\"\"", "\"nan\""])
        #expect(values.map(\.typeName) == ["int", "double", "string", "string", "string"])
        #expect(HyperparameterValue.double(2).intValue == nil)
    }

    @Test func jsonKeepsValuesButSortsKeys() throws {
        let data = try JSONEncoder().encode(config)
        let decoded = try JSONDecoder().decode(Configuration.self, from: data)
        #expect(decoded.names == ["cell", "hiddenSize", "learningRate"])
        #expect(decoded.reordered(config.names) == config)
        let values = try JSONDecoder().decode([HyperparameterValue].self, from: Data("[3, 2.5, \"x\"]".utf8))
        #expect(values == [.int(3), .double(2.5), .string("x")])
    }
}
