import Foundation
import LSTMKit
import Testing
@testable import LSTMKitApps

/// `DistributedTraining`, the task layer under `lstm train --distributed`, without MPI: its checks, who speaks,
/// and a world of one rank being the plain run bit for bit (several ranks are Scripts/check-mpi.sh's).
@Suite struct DistributedTrainingTests {
    let dir = TemporaryDirectory()

    /// A rank of a world whose collectives leave the buffers as they are (exact for a world of one).
    final class QuietWorld: Communicator {
        let rank: Int
        let worldSize: Int
        init(rank: Int, of worldSize: Int) { (self.rank, self.worldSize) = (rank, worldSize) }
        func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) {}
        func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) {}
        func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) {}
        func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, root: Int) {}
        func barrier() {}
    }

    func config(_ output: String) throws -> TextgenConfig {
        try dir.tinyTextgenConfig(output, steps: 4, sampleLength: 0)
    }

    @Test func checksNameTheFieldBeforeAnyProcessGroupExists() {
        func field(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let error as ConfigError { return error.field } catch { return "\(error)" }
        }
        #expect(field { try DistributedTraining.check(TextgenTask.self, bucketMegabytes: 4) } == nil)
        #expect(field { try DistributedTraining.check(SentimentTask.self, bucketMegabytes: 4) } == "distributed")
        for bad in [0, -1, .nan, .infinity, 1025] as [Double] {
            #expect(field { try DistributedTraining.check(TextgenTask.self, bucketMegabytes: bad) } == "bucketMb")
            #expect(field { _ = try DistributedTraining(communicator: QuietWorld(rank: 0, of: 1), bucketMegabytes: bad) }
                    == "bucketMb")
        }
    }

    @Test func onlyRankZeroSpeaksAndEveryRankGetsTheCallbacks() throws {
        final class Lines { var said: [String] = [] }
        for rank in [0, 1] {
            let lines = Lines()
            let shown = TaskObserver(say: { lines.said.append($0) }, warn: { lines.said.append($0) })
            let run = try DistributedTraining(communicator: QuietWorld(rank: rank, of: 2), bucketMegabytes: 1)
            let observer = run.observer(shown, everyRank: { [EarlyStopping(patience: 3)] })
            observer.say("data")
            observer.warn("careful")
            #expect(lines.said == (rank == 0 ? ["data", "careful"] : []))
            #expect(observer.callbacks().count == 1 && observer.synchronizer === run.synchronizer)
            #expect(run.isMain == (rank == 0) && run.synchronizer.worldSize == 2)
        }
    }

    @Test func aWorldOfOneIsThePlainRunBitForBit() throws {
        _ = try TextgenTask.train(try config("plain"), observer: .silent)
        let world = QuietWorld(rank: 0, of: 1)
        let run = try DistributedTraining(communicator: world)
        _ = try run.train(TextgenTask.self, try config("world"), resume: false, observer: .silent)
        #expect(try dir.tensors("world/last.safetensors") == dir.tensors("plain/last.safetensors"))
        #expect(try dir.tensors("world/best.safetensors") == dir.tensors("plain/best.safetensors"))
    }
}
