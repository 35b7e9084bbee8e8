import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct DecimalTextTests {
    @Test func decimalsOnly() {
        for (text, value) in [("12.5", 12.5), ("-3", -3), ("+.5", 0.5), ("7.", 7), ("1e3", 1000), ("2.5E-2", 0.025),
                              ("1e308", 1e308), ("0", 0)] {
            #expect(DecimalText.classify(text) == .number(value), "\(text)")
        }
        for text in ["", ".", "-", "1\u{0}99", "1 2", " 1", "0x1p3", "1_000", "1e", "e5", "1.2.3", "--1", "1e+", "١٢"] {
            #expect(DecimalText.classify(text) == .invalid, "\(text.debugDescription)")
        }
        #expect(DecimalText.classify("NaN") == .notANumber && DecimalText.classify("-nan") == .notANumber)
        #expect(DecimalText.classify("inf") == .infinite && DecimalText.classify("-Infinity") == .infinite)
        #expect(DecimalText.classify("1e999") == .infinite)
    }

    @Test func floatRange() {
        #expect(DecimalText.fitsFloat(3.4e38) && DecimalText.fitsFloat(-3.4e38))
        #expect(!DecimalText.fitsFloat(1e39) && !DecimalText.fitsFloat(-1e308))
    }
}
