import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct MovieReviewsTests {
    /// A temporary directory with the two files holding `positive` and `negative` as their text.
    func directory(positive: String?, negative: String?) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mr-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let positive { try Data(positive.utf8).write(to: url.appendingPathComponent(MovieReviews.positiveFileName)) }
        if let negative { try Data(negative.utf8).write(to: url.appendingPathComponent(MovieReviews.negativeFileName)) }
        return url
    }

    func error(_ body: () throws -> Void) -> MovieReviewsError? {
        do { try body(); return nil } catch let e as MovieReviewsError { return e } catch { return nil }
    }

    @Test func readsNegativesThenPositives() throws {
        let url = try directory(positive: "\u{FEFF}a fine film . \ngreat fun\n\n", negative: "dull .\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let reviews = try MovieReviews(directory: url)
        #expect(reviews.sentences == ["dull .", "a fine film .", "great fun"])
        #expect(reviews.labels == [0, 1, 1])
        #expect(reviews.classCounts == [1, 2])
    }

    @Test func errorsNameTheFileAndLine() throws {
        let blank = try directory(positive: "good\n\nbad\n", negative: "meh\n")
        let empty = try directory(positive: "good\n", negative: "\n  \n")
        let missing = try directory(positive: "good\n", negative: nil)
        let latin1 = try directory(positive: "good\n", negative: "ok\n")
        try Data([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]).write(
            to: latin1.appendingPathComponent(MovieReviews.negativeFileName))
        defer { for u in [blank, empty, missing, latin1] { try? FileManager.default.removeItem(at: u) } }

        let pos = blank.appendingPathComponent(MovieReviews.positiveFileName).path
        #expect(error { _ = try MovieReviews(directory: blank) } == .emptyLine(path: pos, line: 2))
        #expect(String(describing: MovieReviewsError.emptyLine(path: pos, line: 2)).contains("line 2"))
        let neg = empty.appendingPathComponent(MovieReviews.negativeFileName).path
        #expect(error { _ = try MovieReviews(directory: empty) } == .emptyFile(path: neg))
        if case .unreadableFile(let path, let reason)? = error({ _ = try MovieReviews(directory: missing) }) {
            #expect(path.hasSuffix(MovieReviews.negativeFileName) && reason == "no such file")
        } else { Issue.record("expected unreadableFile") }
        let badPath = latin1.appendingPathComponent(MovieReviews.negativeFileName).path
        #expect(error { _ = try MovieReviews(directory: latin1) } == .invalidUTF8(path: badPath, line: 2, byteOffset: 6))
        let nowhere = URL(fileURLWithPath: "/nonexistent/mr")
        #expect(error { _ = try MovieReviews(directory: nowhere) } == .missingDirectory(path: "/nonexistent/mr"))
    }

    @Test func stratifiedSplitIsSeededBalancedAndDisjoint() {
        let reviews = MovieReviews(negative: (0..<20).map { "n\($0)" }, positive: (0..<30).map { "p\($0)" })
        let s = reviews.stratifiedSplit(seed: 0)
        #expect((s.train.count, s.validation.count, s.test.count) == (40, 5, 5))
        #expect(s.test.filter { reviews.labels[$0] == 0 }.count == 2)     // round(0.1 * 20)
        #expect(Set(s.train + s.validation + s.test).count == 50)
        #expect(s == reviews.stratifiedSplit(seed: 0))
        #expect(s != reviews.stratifiedSplit(seed: 1))
    }
}
