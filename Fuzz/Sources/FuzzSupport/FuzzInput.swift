import Foundation

/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`, and a file holding them for readers that take a path.
public enum FuzzInput {
    /// Copies libFuzzer's buffer.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A file of this process (one per name), rewritten with `bytes` on every call.
    public static func file(_ bytes: some Collection<UInt8>, name: String) -> URL {
        // /dev/shm where there is one: a file in memory, so the readers' own file access is what runs.
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let url = URL(fileURLWithPath: directory)
            .appendingPathComponent("lstmkit-fuzz-\(getpid())-\(name)")
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "fuzz: cannot write \(url.path)")
        let array = Array(bytes)
        array.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                precondition(n > 0, "fuzz: cannot write \(url.path)")
                offset += n
            }
        }
        close(fd)
        return url
    }

    /// Splits the input at the first byte 0xFF (two files of one input, such as parallel text).
    public static func halves(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
        guard let cut = bytes.firstIndex(of: 0xFF) else { return (bytes, []) }
        return (Array(bytes[..<cut]), Array(bytes[(cut + 1)...]))
    }
}

/// libFuzzer's driver (compiler-rt), for the entry point below.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

extension FuzzInput {
    /// Runs libFuzzer's driver on `callback` with the process's arguments. SwiftPM links an executable target
    /// with `main` renamed to `<module>_main` (and `--defsym main=<module>_main`), so libFuzzer's own `main` is
    /// never the entry point: each target's `<module>_main` calls this instead.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                           _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
        var count = argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
