import Foundation

// The compact search-space string of the command line:
//
//     learningRate=loguniform(1e-4,1e-1);hiddenSize=choice(32,64,128);layers=int(1,3)
//
// Grammar (spaces allowed between tokens, a trailing ";" allowed, kind names case-insensitive):
//
//     space     := dimension (";" dimension)*
//     dimension := name "=" kind "(" [value ("," value)*] ")"
//     kind      := "choice" | "int" | "integer" | "uniform" | "loguniform"
//     value     := number | word | "quoted \"string\"" | 'quoted string'
//
// int takes (low, high) or (low, high, step); uniform and loguniform take (low, high); choice takes one or
// more values. A bare value that starts like a number (a digit, +, - or .) must be a number: an integer
// when Int() reads it, otherwise a double (1e-4, 0.5). Any other bare word is a string (lstm, gru).

/// A search-space string that cannot be parsed, with the 0-based character offset of the problem.
///
///     search space, column 27: unknown kind "logunif"; expected choice, int, uniform or loguniform
///       learningRate=logunif(1e-4,1e-1)
///                    ^
public struct SearchSpaceParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text that was parsed.
    public let spec: String
    /// The 0-based offset (in characters) where the problem is; `column` is this plus one.
    public let position: Int
    /// What is wrong, in words.
    public let message: String

    public init(spec: String, position: Int, message: String) {
        self.spec = spec
        self.position = position
        self.message = message
    }

    /// The 1-based column of the problem.
    public var column: Int { position + 1 }

    public var description: String {
        let pointer = String(repeating: " ", count: position) + "^"
        return "search space, column \(column): \(message)\n  \(spec)\n  \(pointer)"
    }
}

extension SearchSpace {
    /// Parses a compact search-space string (grammar at the top of SearchSpace+Parsing.swift), throwing a
    /// `SearchSpaceParseError` naming the column for malformed text and for invalid declarations (such as
    /// `loguniform(0,1)` or a repeated name), so a command line never stops with a failure.
    ///
    ///     try SearchSpace(parsing: "lr=loguniform(1e-4,1e-1); cell=choice(lstm,gru); layers=int(1,3)")
    ///     try SearchSpace(parsing: "lr=loguniform(0,1)")
    ///     // throws: search space, column 4: SearchDimension "lr": logUniform needs low > 0 ...
    public init(parsing spec: String) throws(SearchSpaceParseError) {
        var parser = SpecParser(spec: spec)
        self.init(try parser.parseSpace())
    }
}

/// A recursive-descent parser over the characters of a spec string.
private struct SpecParser {
    let spec: String
    let chars: [Character]
    var pos = 0

    init(spec: String) {
        self.spec = spec
        self.chars = Array(spec)
    }

    /// One argument between the parentheses: its text, whether it was quoted, and where it starts.
    struct Argument {
        var text: String
        var quoted: Bool
        var position: Int
    }

    func error(_ message: String, at position: Int? = nil) -> SearchSpaceParseError {
        SearchSpaceParseError(spec: spec, position: position ?? pos, message: message)
    }

    var atEnd: Bool { pos >= chars.count }

    mutating func skipSpaces() {
        while !atEnd && chars[pos].isWhitespace { pos += 1 }
    }

    /// What is at the cursor, for messages: a quoted character or "the end".
    var found: String { atEnd ? "the end" : "\"\(chars[pos])\"" }

    mutating func expect(_ c: Character, _ context: String) throws(SearchSpaceParseError) {
        skipSpaces()
        guard !atEnd && chars[pos] == c else { throw error("expected \"\(c)\" \(context), found \(found)") }
        pos += 1
    }

    mutating func parseWord() -> String {
        let start = pos
        while !atEnd, let scalar = chars[pos].unicodeScalars.first, chars[pos].unicodeScalars.count == 1,
              HyperparameterValue.isWordCharacter(scalar) {
            pos += 1
        }
        return String(chars[start..<pos])
    }

    mutating func parseSpace() throws(SearchSpaceParseError) -> [SearchDimension] {
        var dimensions: [SearchDimension] = []
        var firstSeen: [String: Int] = [:]
        skipSpaces()
        if atEnd { throw error("empty search space; expected name=kind(values), e.g. lr=loguniform(1e-4,1e-1)") }
        while true {
            skipSpaces()
            let namePosition = pos
            let dimension = try parseDimension()
            if let first = firstSeen[dimension.name] {
                throw error("hyperparameter \"\(dimension.name)\" is declared twice (first at column \(first + 1))",
                            at: namePosition)
            }
            firstSeen[dimension.name] = namePosition
            dimensions.append(dimension)
            skipSpaces()
            if atEnd { break }
            guard chars[pos] == ";" else {
                throw error("expected \";\" between dimensions or the end, found \(found)")
            }
            pos += 1
            skipSpaces()
            if atEnd { break }    // a trailing ";"
        }
        return dimensions
    }

    mutating func parseDimension() throws(SearchSpaceParseError) -> SearchDimension {
        let namePosition = pos
        let name = parseWord()
        if name.isEmpty { throw error("expected a hyperparameter name, found \(found)") }
        try expect("=", "after the name \"\(name)\"")
        skipSpaces()
        let kindPosition = pos
        let kindName = parseWord()
        if kindName.isEmpty {
            throw error("expected a kind (choice, int, uniform or loguniform) after \"\(name)=\", found \(found)")
        }
        let arguments = try parseArguments(after: kindName)
        let kind: SearchDimension.Kind
        switch kindName.lowercased() {
        case "choice":
            if arguments.isEmpty { throw error("choice needs at least one value", at: kindPosition) }
            kind = .choice(try arguments.map { a throws(SearchSpaceParseError) in try value(a) })
        case "int", "integer":
            guard arguments.count == 2 || arguments.count == 3 else {
                throw error("\(kindName) takes (low, high) or (low, high, step), got \(arguments.count) values",
                            at: kindPosition)
            }
            let n = try arguments.map { a throws(SearchSpaceParseError) in try integer(a) }
            if n[0] > n[1] {
                throw error("\(kindName) needs low <= high, got (\(n[0]), \(n[1]))", at: arguments[0].position)
            }
            kind = .integer(n[0]...n[1], step: n.count == 3 ? n[2] : 1)
        case "uniform", "loguniform":
            guard arguments.count == 2 else {
                throw error("\(kindName) takes (low, high), got \(arguments.count) values", at: kindPosition)
            }
            let x = try arguments.map { a throws(SearchSpaceParseError) in try number(a) }
            kind = kindName.lowercased() == "uniform"
                ? .uniform(low: x[0], high: x[1]) : .logUniform(low: x[0], high: x[1])
        default:
            throw error("unknown kind \"\(kindName)\"; expected choice, int, uniform or loguniform", at: kindPosition)
        }
        if let problem = SearchDimension.problem(name: name, kind: kind) {
            let isNameProblem = problem.hasPrefix("SearchDimension: name")
            throw error(problem, at: isNameProblem ? namePosition : kindPosition)
        }
        return SearchDimension(name: name, kind: kind)
    }

    /// Parses `( arg, arg, ... )` after a kind name.
    mutating func parseArguments(after kindName: String) throws(SearchSpaceParseError) -> [Argument] {
        try expect("(", "after \"\(kindName)\"")
        var arguments: [Argument] = []
        skipSpaces()
        if !atEnd && chars[pos] == ")" { pos += 1; return arguments }
        while true {
            skipSpaces()
            arguments.append(try parseArgument())
            skipSpaces()
            if atEnd { throw error("expected \",\" or \")\" in the values of \"\(kindName)\", found the end") }
            if chars[pos] == ")" { pos += 1; return arguments }
            guard chars[pos] == "," else {
                throw error("expected \",\" or \")\" in the values of \"\(kindName)\", found \(found)")
            }
            pos += 1
        }
    }

    mutating func parseArgument() throws(SearchSpaceParseError) -> Argument {
        let start = pos
        if !atEnd && (chars[pos] == "\"" || chars[pos] == "'") {
            let quote = chars[pos]
            pos += 1
            var text = ""
            while true {
                if atEnd { throw error("unterminated quoted string", at: start) }
                let c = chars[pos]
                pos += 1
                if c == quote { return Argument(text: text, quoted: true, position: start) }
                if c == "\\" {
                    if atEnd { throw error("unterminated quoted string", at: start) }
                    text.append(chars[pos])
                    pos += 1
                } else {
                    text.append(c)
                }
            }
        }
        let stops: Set<Character> = [",", ")", "(", ";", "=", "\"", "'"]
        while !atEnd && !chars[pos].isWhitespace && !stops.contains(chars[pos]) { pos += 1 }
        if pos == start { throw error("expected a value, found \(found)") }
        return Argument(text: String(chars[start..<pos]), quoted: false, position: start)
    }

    func startsLikeNumber(_ text: String) -> Bool {
        guard let c = text.first else { return false }
        return c.isNumber || c == "+" || c == "-" || c == "."
    }

    /// A choice value: a quoted string, a number, or a bare word.
    func value(_ a: Argument) throws(SearchSpaceParseError) -> HyperparameterValue {
        if a.quoted { return .string(a.text) }
        if let i = Int(a.text) { return .int(i) }
        if startsLikeNumber(a.text) || ["nan", "inf", "infinity"].contains(a.text.lowercased()) {
            guard let d = Double(a.text) else { throw error("\"\(a.text)\" is not a number", at: a.position) }
            return .double(d)
        }
        guard HyperparameterValue.isBareWord(a.text) else {
            throw error("value \"\(a.text)\" must be quoted (it is not a plain word)", at: a.position)
        }
        return .string(a.text)
    }

    func integer(_ a: Argument) throws(SearchSpaceParseError) -> Int {
        guard !a.quoted, let i = Int(a.text) else {
            throw error("expected an integer, got \"\(a.text)\"", at: a.position)
        }
        return i
    }

    func number(_ a: Argument) throws(SearchSpaceParseError) -> Double {
        guard !a.quoted, let d = Double(a.text) else {
            throw error("expected a number, got \"\(a.text)\"", at: a.position)
        }
        return d
    }
}
