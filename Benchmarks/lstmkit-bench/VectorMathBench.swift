import Foundation
import LSTMKit

/// Placeholder until the SIMD kernels land.
func benchVectorMath() {}
