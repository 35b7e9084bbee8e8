import Testing
@testable import LSTMKit
@testable import LSTMKitApps

/// The next-frame model's two passes: teacher forcing (with and without scheduled sampling) and free running.
@Suite struct NextFrameModelTests {
    let model = NextFrameModel(.init(patchSize: 4, hiddenChannels: [2], kernelSize: 3, inputFrames: 2, outputFrames: 3),
                               rng: RandomSource(seed: 1))
    let frames = MovingMNIST(digits: [[Float](repeating: 1, count: 784)], frameCount: 5)
        .batch(seed: 3, indices: [0, 1])

    @Test func foldAndUnfoldAreInverse() {
        let frame = frames.slice(axis: 0, 1..<2).squeezed(0)
        #expect(model.fold(frame).shape == [2, 16, 16, 16])
        #expect(model.unfold(model.fold(frame)).scalars == frame.scalars)
    }

    /// Free running equals teacher forcing whose output-frame inputs are all the model's own predictions.
    @Test func freeRunningIsScheduledSamplingWithEveryOwnPrediction() {
        withoutGrad {
            let free = model(frames)                                           // [3, 2, 1, 64, 64]
            let sampled = model.teacherForced(frames, ownPredictionAt: [2, 3])   // [4, 2, 1, 64, 64]
            #expect(free.shape == [3, 2, 1, 64, 64] && sampled.shape == [4, 2, 1, 64, 64])
            #expect(sampled.slice(axis: 0, 1..<4).scalars == free.scalars)
            // Pure teacher forcing reads the true frames 2 and 3 instead: a different prediction of frames 3 and 4.
            let forced = model.teacherForced(frames)
            #expect(forced.slice(axis: 0, 0..<2).scalars == sampled.slice(axis: 0, 0..<2).scalars)
            #expect(forced.slice(axis: 0, 2..<4).scalars != sampled.slice(axis: 0, 2..<4).scalars)
        }
    }
}
