/// Checking a file's tags line by line as it is read, so `CoNLLFile` can name the first line that does not fit
/// (`TagScheme.validate` checks whole sentences and names sentence and token instead).
extension TagScheme {
    /// The prefixes in the order messages list them.
    var prefixOrder: [String] { self == .iobes ? ["B", "I", "E", "S"] : ["B", "I"] }

    /// Why `tag` cannot follow `previous` (nil at a sentence start, treated as O), or nil if it can.
    func problem(_ tag: String, after previous: String?) -> String? {
        let name = rawValue.uppercased()
        func split(_ t: String) -> (prefix: String, type: String)? {
            if t == "O" { return ("O", "") }
            guard let dash = t.firstIndex(of: "-") else { return nil }
            let prefix = String(t[..<dash]), type = String(t[t.index(after: dash)...])
            return prefixes.contains(Substring(prefix)) && !type.isEmpty ? (prefix, type) : nil
        }
        guard let (p, type) = split(tag) else {
            return "tag \"\(tag)\" is not an \(name) chunk tag (O or " +
                prefixOrder.map { "\($0)-TYPE" }.joined(separator: ", ") + ")"
        }
        let (q, previousType) = previous.flatMap(split) ?? ("O", "")
        let sameChunk = previousType == type && q != "O"
        let bad: Bool = switch (self, p) {
        case (.iob1, "B"): !sameChunk
        case (.iob2, "I"): !(sameChunk && (q == "B" || q == "I"))
        case (.iobes, "I"), (.iobes, "E"): !(sameChunk && (q == "B" || q == "I"))
        default: false
        }
        if !bad && self == .iobes && (q == "B" || q == "I") && !(sameChunk && (p == "I" || p == "E")) {
            return "tag \"\(tag)\" follows \"\(previous!)\", but in \(name) a chunk that B-/I- opened must go on " +
                "with I-\(previousType) or end with E-\(previousType)"
        }
        if !bad { return nil }
        let after = previous.map { "after \"\($0)\"" } ?? "at the start of a sentence"
        return switch p {
        case "B": "tag \"\(tag)\" \(after): in IOB1, B-\(type) only starts a chunk right after another \(type) chunk (the file may be IOB2)"
        default: "tag \"\(tag)\" \(after): in \(name), \(p)-\(type) only continues a chunk that B-\(type) began" +
            (self == .iob2 ? " (the file may be IOB1)" : "")
        }
    }
}
