import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way LSTMKit writes a file that a later run reads (checkpoints, `history.json`, vocabularies, logs
/// rewritten on resume): durable and atomic.
///
///     1. write the bytes to a temporary file next to the target, `.<name>.tmp-<pid>-<random>`
///     2. fsync the temporary file          (its bytes are on disk before its name is)
///     3. rename it over the target         (a reader sees the old file or the new one, never a mix)
///     4. fsync the directory               (the rename itself survives a power cut)
///
/// A process killed at any moment (`kill -9`) leaves the target absent, old or new, and at most a temporary
/// file that the next run removes (``removeStaleTemporaryFiles(in:olderThan:)``); a failure at any step
/// removes the temporary file and leaves an existing target as it was. This is what SQLite and
/// safetensors' users expect of a file that took hours to compute.
///
/// For testing crash safety (`Scripts/check-kill.py`), the environment variable
/// `LSTMKIT_DEBUG_SLOW_WRITES=<milliseconds>` makes every write pause that long halfway through the bytes and
/// again before the rename, so a kill lands inside a write.
public enum DurableFile {
    /// Why a write failed, as a short reason naming the step and the system's message.
    public struct Failure: LocalizedError, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
        public var errorDescription: String? { reason }
    }

    /// Writes `bytes` to `url` durably and atomically (steps above). `beforeRename` runs when the temporary
    /// file is complete and flushed, just before the rename (tests use it to fail at the last moment).
    public static func write(_ bytes: some ContiguousBytes, to url: URL,
                             beforeRename: ((URL) throws -> Void)? = nil) throws(Failure) {
        try write(to: url, beforeRename: beforeRename) { emit in bytes.withUnsafeBytes { emit($0) } }
    }

    /// The same with the content produced in consecutive pieces: `produce` calls `emit` with each (a
    /// checkpoint's header, then each tensor from its own memory), so the whole file never sits in memory.
    public static func write(to url: URL, beforeRename: ((URL) throws -> Void)? = nil,
                             parts produce: ((UnsafeRawBufferPointer) -> Void) -> Void) throws(Failure) {
        let temporary = temporaryURL(for: url)
        func fail(_ what: String, _ code: Int32) -> Failure {
            Failure(reason: "\(what): \(String(cString: strerror(code)))")
        }
        let pause = debugPause()
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw fail("cannot create the temporary file \(temporary.path)", errno) }
        var failure: Failure?
        var paused = pause == nil
        produce { raw in
            var written = 0
            while failure == nil && written < raw.count {
                // With the debug pause: the first piece half written, a pause, then the rest.
                let chunk = paused ? raw.count - written : Swift.max(1, raw.count / 2)
                let n = Foundation.write(fd, raw.baseAddress! + written, chunk)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = fail("cannot write the temporary file \(temporary.path)", errno)
                    return
                }
                if n == 0 {   // no progress and no error: stop rather than loop forever
                    failure = Failure(reason: "cannot write the temporary file \(temporary.path): no byte written")
                    return
                }
                written += n
                if !paused, let pause {
                    paused = true
                    usleep(pause)
                }
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = fail("cannot flush the temporary file \(temporary.path)", errno) }
        if close(fd) != 0 && failure == nil { failure = fail("cannot close the temporary file \(temporary.path)", errno) }
        if failure == nil, let beforeRename {
            do { try beforeRename(temporary) } catch { failure = Failure(reason: "write failed: \(error)") }
        }
        if let pause { usleep(pause) }
        if failure == nil && rename(temporary.path, url.path) != 0 {
            failure = fail("cannot rename the temporary file \(temporary.path) to the target", errno)
        }
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        try syncDirectory(url.deletingLastPathComponent())
    }

    /// Flushes `directory`'s entries (a rename or a new file in it) to disk. A file system that cannot sync
    /// a directory (EINVAL) is accepted: there the rename is as durable as the system makes it.
    public static func syncDirectory(_ directory: URL) throws(Failure) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            throw Failure(reason: "cannot open the directory \(directory.path) to flush it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL {
            throw Failure(reason: "cannot flush the directory \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The temporary file `write` uses for `url`: `.<name>.tmp-<pid>-<random>` in the same directory (so the
    /// rename never crosses file systems, and the name is hidden).
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Whether `name` is one of `write`'s temporary files: `.<name>.tmp-<pid>-<random>` (decimal numbers).
    public static func isTemporaryFileName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards),
              range.lowerBound > name.index(after: name.startIndex) else { return false }
        let numbers = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        return numbers.count == 2 && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// Removes the temporary files that `write` left in `directory` when its process was killed while
    /// writing: only names of its pattern (``isTemporaryFileName(_:)``) last modified before `date` (the start
    /// of the run that cleans up, so a write in progress of another process is left alone). Returns the names
    /// removed. Errors (a file that vanished, no permission) are ignored: cleaning up is best effort.
    @discardableResult
    public static func removeStaleTemporaryFiles(in directory: URL, olderThan date: Date) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where isTemporaryFileName(name) {
            let url = directory.appendingPathComponent(name)
            guard let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                  modified < date, (try? fm.removeItem(at: url)) != nil else { continue }
            removed.append(name)
        }
        return removed
    }

    /// `LSTMKIT_DEBUG_SLOW_WRITES` in microseconds (``pause(milliseconds:)``).
    static func debugPause() -> useconds_t? {
        pause(milliseconds: getenv("LSTMKIT_DEBUG_SLOW_WRITES").map { String(cString: $0) })
    }

    /// `text` (milliseconds, 1...60000) in microseconds; nil when absent or anything else.
    static func pause(milliseconds text: String?) -> useconds_t? {
        guard let text, let ms = UInt32(text), ms > 0, ms <= 60_000 else { return nil }
        return useconds_t(ms) * 1000
    }
}
