/// Builds HTML text: elements with escaped text and attributes, in order. Attributes are
/// written in the order given, so the same calls give the same bytes.
struct HTMLWriter {
    private(set) var text = ""

    /// `<tag attrs>`.
    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        text += "<" + tag
        for (k, v) in attributes { text += " \(k)=\"\(HTMLText.escaped(v))\"" }
        text += ">"
    }

    /// `</tag>`.
    mutating func close(_ tag: String) { text += "</\(tag)>" }

    /// `<tag attrs>text</tag>` with `content` escaped.
    mutating func element(_ tag: String, _ content: String, _ attributes: [(String, String)] = []) {
        open(tag, attributes)
        text += HTMLText.escaped(content)
        close(tag)
    }

    /// `<tag attrs>` … `</tag>` around what `body` writes.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ body: (inout HTMLWriter) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// Escaped text.
    mutating func write(_ content: String) { text += HTMLText.escaped(content) }

    /// Markup as given (our own, never the log's text).
    mutating func raw(_ markup: String) { text += markup }

    /// A newline, between blocks, so the file reads in an editor.
    mutating func newline() { text += "\n" }
}
