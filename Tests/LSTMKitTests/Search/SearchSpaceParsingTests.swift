import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The parse error `spec` throws (recording an issue when it parses).
private func parseError(_ spec: String, sourceLocation: SourceLocation = #_sourceLocation) -> SearchSpaceParseError? {
    do {
        let space = try SearchSpace(parsing: spec)
        Issue.record("expected a parse error, got \(space)", sourceLocation: sourceLocation)
    } catch {
        return error
    }
    return nil
}

@Suite struct SearchSpaceParsingTests {
    @Test func theCommandLineExample() throws {
        let space = try SearchSpace(
            parsing: "learningRate=loguniform(1e-4,1e-1);hiddenSize=choice(32,64,128);layers=int(1,3)")
        #expect(space == SearchSpace([
            .logUniform("learningRate", 1e-4, 1e-1),
            .choice("hiddenSize", [32, 64, 128]),
            .integer("layers", 1...3),
        ]))
    }

    @Test func spacesCaseStepsStringsAndTrailingSemicolon() throws {
        let space = try SearchSpace(parsing: """
             cell = choice( lstm , gru, "two words", '32', 0.5 ) ; h=INTEGER(16, 64, 16);
            dropout=uniform(0, .5); lr = logUniform(1e-3, 1);
            """)
        let expected = SearchSpace([
            .choice("cell", ["lstm", "gru", "two words", "32", 0.5]),
            .integer("h", 16...64, step: 16),
            .uniform("dropout", 0, 0.5),
            .logUniform("lr", 1e-3, 1),
        ])
        #expect(space == expected)
        #expect(try SearchSpace(parsing: expected.description) == expected)     // round trip
        #expect(try SearchSpace(parsing: #"s=choice("a\"b", 'c\\d')"#) == SearchSpace([.choice("s", ["a\"b", "c\\d"])]))
    }

    @Test func errorsNameTheColumn() {
        let cases: [(String, Int, String)] = [
            ("", 0, "empty search space"),
            ("lr=logunif(1e-4,1e-1)", 3, "unknown kind \"logunif\""),
            ("lr=loguniform 1e-4", 14, "expected \"(\" after \"loguniform\", found \"1\""),
            ("lr loguniform(1,2)", 3, "expected \"=\" after the name \"lr\""),
            ("lr=uniform(0,1", 14, "expected \",\" or \")\" in the values of \"uniform\", found the end"),
            ("lr=uniform(0,x)", 13, "expected a number, got \"x\""),
            ("lr=uniform(0,1,2)", 3, "uniform takes (low, high), got 3 values"),
            ("n=int(1,2.5)", 8, "expected an integer, got \"2.5\""),
            ("n=int(3,1)", 6, "int needs low <= high, got (3, 1)"),
            ("n=int(1,3,0)", 2, "integer step must be >= 1"),
            ("lr=loguniform(0,1)", 3, "logUniform needs low > 0"),
            ("c=choice()", 2, "choice needs at least one value"),
            ("c=choice(1e-4x)", 9, "\"1e-4x\" is not a number"),
            ("c=choice(a+b)", 9, "value \"a+b\" must be quoted"),
            ("c=choice(\"abc)", 9, "unterminated quoted string"),
            ("c=choice(a,a)", 2, "choice value a is listed twice"),
            ("a=int(1,2);b=int(1,2);a=int(3,4)", 22, "hyperparameter \"a\" is declared twice (first at column 1)"),
            ("a=int(1,2) b=int(1,2)", 11, "expected \";\" between dimensions or the end, found \"b\""),
            ("=int(1,2)", 0, "expected a hyperparameter name, found \"=\""),
            ("score=int(1,2)", 0, "is a column of the results table"),
            ("a=(1,2)", 2, "expected a kind (choice, int, uniform or loguniform)"),
        ]
        for (spec, position, message) in cases {
            guard let error = parseError(spec) else { continue }
            #expect(error.position == position, "\(spec): \(error)")
            #expect(error.message.contains(message), "\(spec): \(error)")
        }
    }

    @Test func errorDescriptionPointsAtTheColumn() {
        let error = parseError("lr=logunif(1e-4,1e-1)")
        #expect(error?.description == """
            search space, column 4: unknown kind "logunif"; expected choice, int, uniform or loguniform
              lr=logunif(1e-4,1e-1)
                 ^
            """)
    }
}
