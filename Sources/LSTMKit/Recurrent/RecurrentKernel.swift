/// What ran a recurrent layer's call, by a stable printable name (`rawValue`):
///
///     "reference"      the cell's differentiable reference
///     "fused"          the Swift fused kernel
///     "native-<isa>"   the native C kernels for the instruction set chosen at run time: "native-avx512",
///                      "native-avx2", "native-neon" (`NativeKernels.isa`)
///     "<backend>"      an external backend's kernel, e.g. "onednn"
///
/// `Recurrent.lastImplementation` reports it after a call and `RecurrentImplementation.resolved(for:)`
/// before one; training headers and benchmark reports print it.
public struct RecurrentKernel: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The cell's reference, one differentiable op at a time.
    public static let reference = RecurrentKernel(rawValue: "reference")
    /// The Swift fused kernel (LSTMKernel.swift, GRUKernel.swift).
    public static let fused = RecurrentKernel(rawValue: "fused")

    /// The native kernels for instruction set `isa` (the C side's name: "avx512", "avx2", "neon").
    public static func native(isa: String) -> RecurrentKernel { RecurrentKernel(rawValue: "native-" + isa) }

    /// True for the native kernels of any instruction set.
    public var isNative: Bool { rawValue.hasPrefix("native-") }

    /// The instruction set of a native kernel ("avx2" for "native-avx2"), else nil.
    public var nativeISA: String? { isNative ? String(rawValue.dropFirst("native-".count)) : nil }

    public var description: String { rawValue }
}
