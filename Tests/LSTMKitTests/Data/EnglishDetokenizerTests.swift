import Testing
@testable import LSTMKit

@Suite struct EnglishDetokenizerTests {
    let d = EnglishDetokenizer()

    @Test func punctuationBracketsAndCurrency() {
        #expect(d.detokenize(["Hello", ",", "(", "big", ")", "world", "!"]) == "Hello, (big) world!")
        #expect(d.detokenize(["It", "costs", "$", "5", "(", "or", "€", "4", ")", ";", "50", "%", "off", "…"]) ==
                "It costs $5 (or €4); 50% off…")
        #expect(d.detokenize(["¿", "Qué", "?", "«", "Oui", "»", "[", "a", "]", "{", "b", "}", ":", "c"]) == "¿Qué? «Oui» [a] {b}: c")
        #expect(d.detokenize([]) == "" && d.detokenize(["."]) == ".")
    }

    @Test func numbersKeepTheirSeparators() {
        #expect(d.detokenize(["3", ".", "14", "and", "1", ",", "000", "at", "9", ":", "30", "."]) == "3.14 and 1,000 at 9:30.")
        #expect(d.detokenize(["at", "9", ":", "x", "2", ",", "3"]) == "at 9: x 2,3")
    }

    @Test func hyphensJoinWordsOnly() {
        #expect(d.detokenize(["a", "t", "-", "shirt", "and", "a", "3", "-", "year", "-", "old"]) == "a t-shirt and a 3-year-old")
        #expect(d.detokenize(["-", "a"]) == "- a" && d.detokenize(["a", "-"]) == "a -")
        #expect(d.detokenize(["a", "-", "(", "b", ")"]) == "a - (b)")
    }

    @Test func quotesPairAndPossessives() {
        #expect(d.detokenize(["He", "said", "\"", "hi", "\"", "and", "\"", "bye", "\"", "."]) == "He said \"hi\" and \"bye\".")
        #expect(d.detokenize(["'", "Tis", "the", "dogs", "'", "bowl", "'", "x", "'"]) == "'Tis the dogs' bowl 'x'")
        #expect(d.detokenize(["“", "Yes", "”", ",", "‘", "no", "’"]) == "“Yes”, ‘no’")
    }

    @Test func pennClitics() {
        #expect(d.detokenize(["I", "do", "n't", "know", "John", "'s", "dog", ",", "we", "'LL", "see"]) ==
                "I don't know John's dog, we'LL see")
    }

    @Test func capitalizeFirst() {
        let c = EnglishDetokenizer(capitalizeFirst: true)
        #expect(c.detokenize(["two", "dogs", "run", "."]) == "Two dogs run.")
        #expect(c.detokenize(["\"", "élan", "\""]) == "\"Élan\"" && c.detokenize(["3", "cats"]) == "3 cats")
        #expect(c.detokenize([]) == "" && c.detokenize(["(", "a", ")"]) == "(A)")
    }

    @Test func wordTokenizerRoundTrips() {
        let t = WordTokenizer()
        for text in ["A man in a t-shirt (blue) says \"hi\".", "Don't panic, it's only 42!",
                     "Two dogs' owners wait at 9:30; the 3-year-old girl smiles.", "Is it $5? Yes, 50% off..."] {
            #expect(t.detokenize(t.tokenize(text)) == text)
            #expect(d.detokenize(t.tokenize(text)) == text)
        }
        #expect(EnglishDetokenizer().detokenize(["A", "man", "in", "a", "t", "-", "shirt", "(", "blue", ")", "says", "\"",
                                                 "hi", "\"", "."]) == "A man in a t-shirt (blue) says \"hi\".")
    }
}
