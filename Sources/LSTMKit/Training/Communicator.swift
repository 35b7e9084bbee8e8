/// The collective operations data-parallel training needs from a group of `worldSize` processes (ranks
/// 0..<worldSize) that all run the same program: MPI's `MPI_Allreduce`, `MPI_Bcast` and `MPI_Barrier`.
///
/// LSTMKit does not link MPI: `LSTMKitMPI.MPICommunicator` implements this protocol (the tests simulate two
/// ranks in one process with a recording one). Every rank must call the same
/// operations in the same order with the same counts; the results must be the same bits on every rank.
public protocol Communicator: AnyObject {
    /// This process's index, 0..<worldSize.
    var rank: Int { get }
    /// The number of processes.
    var worldSize: Int { get }
    /// Replaces `buffer` on every rank by the element-wise sum over all ranks (the same bits on every rank).
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>)
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>)
    /// Replaces `buffer` on every rank by rank `root`'s.
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int)
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, root: Int)
    /// Returns on every rank once all ranks have called it.
    func barrier()
}

extension Communicator {
    /// `allReduceSum` for either scalar type.
    func allReduceSum<S: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<S>) {
        if S.self == Float.self {
            allReduceSum(UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(buffer.baseAddress)?
                .assumingMemoryBound(to: Float.self), count: buffer.count))
        } else if S.self == Double.self {
            allReduceSum(UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(buffer.baseAddress)?
                .assumingMemoryBound(to: Double.self), count: buffer.count))
        } else {
            failure("Communicator: \(S.self) is neither Float nor Double")
        }
    }

    /// `broadcast` for either scalar type.
    func broadcast<S: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<S>, root: Int) {
        if S.self == Float.self {
            broadcast(UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(buffer.baseAddress)?
                .assumingMemoryBound(to: Float.self), count: buffer.count), root: root)
        } else if S.self == Double.self {
            broadcast(UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(buffer.baseAddress)?
                .assumingMemoryBound(to: Double.self), count: buffer.count), root: root)
        } else {
            failure("Communicator: \(S.self) is neither Float nor Double")
        }
    }
}
