import Foundation
import LSTMKit
#if canImport(CMPI)
import CMPI
#endif

/// LSTMKit's `Communicator` over MPI's world communicator (Open MPI on Linux), for data-parallel training:
/// start the program under `mpirun -np W`, create one `MPICommunicator`, give
/// `GradientSynchronizer(communicator:)` to `Trainer.synchronizer`, shard the batches by `rank`, and call
/// `finalize()` before exiting.
///
///     let mpi = try MPICommunicator()                      // MPI_Init; rank, worldSize
///     trainer.synchronizer = GradientSynchronizer(communicator: mpi, bucketSize: 1 << 20)
///     try trainer.fit(...)                                 // rank r trains on its shard of each batch
///     mpi.finalize()                                       // MPI_Finalize
///
/// Without `mpirun` the program is a world of one rank (MPI singleton), and training is the plain
/// single-process run. MPI errors abort every rank (MPI's default error handler). Calls come from one
/// thread (MPI_THREAD_FUNNELED). On Apple platforms this builds without MPI and `init` throws.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let worldSize: Int

    /// Initializes MPI (once per process) and reads this process's rank and the world size.
    public init() throws {
        #if canImport(CMPI)
        if lstmkit_mpi_finalized() != 0 { throw MPIError("MPI was already finalized in this process") }
        if lstmkit_mpi_initialized() == 0 {
            let code = lstmkit_mpi_init()
            if code != 0 { throw MPIError("MPI_Init failed (error \(code))") }
        }
        rank = Int(lstmkit_mpi_rank())
        worldSize = Int(lstmkit_mpi_size())
        #else
        throw MPIError("this build has no MPI (LSTMKitMPI links Open MPI on Linux only)")
        #endif
    }

    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) {
        #if canImport(CMPI)
        for (start, count) in Self.chunks(buffer.count) {
            check(lstmkit_mpi_allreduce_sum_float(buffer.baseAddress! + start, Int32(count)), "MPI_Allreduce")
        }
        #endif
    }

    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if canImport(CMPI)
        for (start, count) in Self.chunks(buffer.count) {
            check(lstmkit_mpi_allreduce_sum_double(buffer.baseAddress! + start, Int32(count)), "MPI_Allreduce")
        }
        #endif
    }

    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) {
        #if canImport(CMPI)
        for (start, count) in Self.chunks(buffer.count) {
            check(lstmkit_mpi_bcast_float(buffer.baseAddress! + start, Int32(count), Int32(root)), "MPI_Bcast")
        }
        #endif
    }

    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, root: Int) {
        #if canImport(CMPI)
        for (start, count) in Self.chunks(buffer.count) {
            check(lstmkit_mpi_bcast_double(buffer.baseAddress! + start, Int32(count), Int32(root)), "MPI_Bcast")
        }
        #endif
    }

    public func barrier() {
        #if canImport(CMPI)
        check(lstmkit_mpi_barrier(), "MPI_Barrier")
        #endif
    }

    /// MPI_Finalize (once; later calls do nothing). No collective may follow.
    public func finalize() {
        #if canImport(CMPI)
        if lstmkit_mpi_finalized() == 0 { _ = lstmkit_mpi_finalize() }
        #endif
    }

    /// Ends every rank (MPI_Abort) after an error on this one, so the others do not wait forever in a
    /// collective.
    public func abort(code: Int32 = 1) -> Never {
        #if canImport(CMPI)
        _ = lstmkit_mpi_abort(code)
        #endif
        exit(code)
    }

    /// MPI counts are Int32: longer buffers go in pieces.
    static func chunks(_ count: Int) -> [(Int, Int)] {
        let most = Int(Int32.max)
        return stride(from: 0, to: count, by: most).map { ($0, Swift.min(most, count - $0)) }
    }

    func check(_ code: Int32, _ call: String) {
        if code != 0 { failure("\(call) failed on rank \(rank) of \(worldSize) (MPI error \(code))") }
    }
}

/// A failure to set up MPI, as one line.
public struct MPIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
