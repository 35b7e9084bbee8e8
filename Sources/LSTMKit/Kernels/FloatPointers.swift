// Generic code over `S: TensorScalar` that has a Float-only fast path (the native recurrent kernels, Adam's
// 8-lane step) checks `S.self == Float.self` and then hands its buffers on as Float pointers.

/// `pointer` as a Float pointer; only called where S == Float.
@inline(__always)
func floats<S>(_ pointer: UnsafePointer<S>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

@inline(__always)
func floats<S>(_ pointer: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
}
