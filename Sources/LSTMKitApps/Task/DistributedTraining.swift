import Foundation
import LSTMKit

/// Data-parallel training of an application (`lstm train textgen --distributed` under `mpirun`): every
/// process is one rank of `communicator`, trains the same model on its shard of every batch, and averages its
/// gradients with the others' through a bucketed all-reduce (`GradientSynchronizer`) before each identical
/// optimizer step. Rank 0 reports and writes the checkpoints, logs and reports; the other ranks are silent.
///
///     let mpi = try MPICommunicator()                                   // LSTMKitMPI, under mpirun -np W
///     let run = try DistributedTraining(communicator: mpi, bucketMegabytes: 4)
///     let report = try run.train(TextgenTask.self, config, resume: false, observer: console)
///     mpi.finalize()
///
/// A world of one rank is the plain single-process run. See docs/distributed.md for the cost model.
public struct DistributedTraining {
    /// The megabytes of gradients per all-reduce when none are given.
    public static let defaultBucketMegabytes = 4.0

    public let communicator: any Communicator
    /// Megabytes of Float gradients per all-reduce call, in (0, 1024].
    public let bucketMegabytes: Double
    /// The trainer's gradient averaging over `communicator`.
    public let synchronizer: GradientSynchronizer

    /// The tasks that shard their batches over ranks.
    public static let tasks = [TextgenTask.name]

    /// Checks, before any process group exists, that `task` shards its batches (a `ConfigError` for field
    /// `distributed`) and the bucket size (field `bucketMb`).
    public static func check<T: ApplicationTask>(_ task: T.Type, bucketMegabytes: Double) throws {
        if !tasks.contains(T.name) {
            throw ConfigError("distributed", "is not available for lstm train \(T.name) yet: only " +
                              "\(tasks.joined(separator: ", ")) shards its batches over ranks")
        }
        try checkBuckets(bucketMegabytes)
    }

    /// A `ConfigError` for field `bucketMb` unless `megabytes` is in (0, 1024].
    static func checkBuckets(_ megabytes: Double) throws {
        if !(megabytes > 0 && megabytes <= 1024) {
            throw ConfigError("bucketMb", "\(megabytes): give megabytes per all-reduce in (0, 1024]")
        }
    }

    /// Sizes the synchronizer's buckets (`bucketMegabytes` as `check` requires).
    public init(communicator: any Communicator, bucketMegabytes: Double = defaultBucketMegabytes) throws {
        try Self.checkBuckets(bucketMegabytes)
        self.communicator = communicator
        self.bucketMegabytes = bucketMegabytes
        let floats = Int(bucketMegabytes * 1_048_576) / MemoryLayout<Float>.size
        synchronizer = GradientSynchronizer(communicator: communicator, bucketSize: max(1, floats))
    }

    /// Whether this process is rank 0, the one that reports and writes.
    public var isMain: Bool { communicator.rank == 0 }

    /// `observer` on rank 0 and a silent one elsewhere, with extra callbacks for every rank (a test's
    /// interruption, identical on every rank) and the synchronizer.
    public func observer(_ observer: TaskObserver,
                         everyRank extra: @escaping () -> [any TrainingCallback] = { [] }) -> TaskObserver {
        var result = isMain ? observer : .silent
        let shown = result.callbacks
        result.callbacks = { shown() + extra() }
        result.synchronizer = synchronizer
        return result
    }

    /// Trains `config` as `T.train` does, on this rank's shard of every batch; rank 0 says how the world is
    /// laid out first. Throws `check`'s errors before any collective (every rank alike).
    public func train<T: ApplicationTask>(_ task: T.Type, _ config: T.Config, resume: Bool, observer: TaskObserver,
                                          everyRank extra: @escaping () -> [any TrainingCallback] = { [] })
    throws -> T.TrainReport {
        try Self.check(task, bucketMegabytes: bucketMegabytes)
        let shown = self.observer(observer, everyRank: extra)
        if communicator.worldSize > 1 {
            shown.say("distributed: \(communicator.worldSize) ranks, all-reduce buckets of \(bucketMegabytes) MB")
        }
        return try removingUnusedOutputDirectory(config.output) {
            try T.train(config, resume: resume, observer: shown)
        }
    }
}
