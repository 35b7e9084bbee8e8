/// Stops with a message naming the operation and the offending shapes or values.
///
/// All shape, axis and index checks in the library go through here so the behaviour is the same everywhere:
/// the message is printed and the process stops (like an out-of-range `Array` subscript, but with the
/// operation and shapes named).
@inline(never)
public func failure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("LSTMKit: " + message(), file: file, line: line)
}
