import Foundation
import LogFormat
import Testing

@testable import AuditDomain
@testable import EventLog

/// The Codable side of every payload type agrees with the catalogue reader: each valid fixture
/// payload, read and checked, encodes back (snake_case keys) to the stored canonical payload and
/// decodes again to the same value.
@Suite struct CodableLockstepTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/valid").standardizedFileURL

    static func lines() throws -> [(String, JSONValue)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".ndjson") }.sorted()
        var out: [(String, JSONValue)] = []
        for file in files {
            let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
            for (i, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
                out.append(("\(file):\(i + 1)", try JSONParser.parse(Array(line.utf8), normalize: true)))
            }
        }
        return out
    }

    /// `value` without members that are null (Codable leaves nil optionals out).
    static func droppingNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let m): return .object(m.compactMapValues { $0 == .null ? nil : droppingNulls($0) })
        case .array(let a): return .array(a.map(droppingNulls))
        default: return value
        }
    }

    @Test("every fixture payload round-trips through its Codable type")
    func roundTrip() throws {
        let all = try Self.lines()
        #expect(Set(all.compactMap { $0.1["type"]?.stringValue }).count == EventCatalogue.all.count)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        for (place, line) in all {
            guard let type = line["type"]?.stringValue, let payload = line["payload"]?.objectValue else {
                Issue.record("\(place): not an input line")
                continue
            }
            let checked = try EventCatalogue.read(type: type, payload: payload)
            let encoded = try encoder.encode(checked.payload)
            let back = try JSONParser.parse(Array(encoded), normalize: true)
            // Nil optionals are left out by Codable; free-form members (params, patches) keep their nulls.
            #expect(Self.droppingNulls(back) == Self.droppingNulls(.object(checked.canonical)), "\(place)")
            let kind = try #require(EventCatalogue.kinds[type])
            let decoded = try decoder.decode(kind, from: encoded)
            #expect(try JSONParser.parse(Array(try encoder.encode(decoded)), normalize: true) == back, "\(place)")
        }
    }

    @Test("every fixture payload reads the same from its stored bytes as from its parsed members; damaged bytes never misread")
    func storedBytes() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        for (place, line) in try Self.lines() {
            guard let type = line["type"]?.stringValue, let payload = line["payload"]?.objectValue else { continue }
            let checked = try EventCatalogue.read(type: type, payload: payload)
            let kind = try #require(EventCatalogue.kinds[type])
            let stored = CanonicalEncoder.encode(.object(checked.canonical))
            let parsed = try #require(EventCatalogue.decode(type: type, payload: checked.canonical), "\(place)")
            let expected = try encoder.encode(parsed)
            let direct = stored.withUnsafeBufferPointer { EventCatalogue.decode(type: kind, stored: $0) }
            #expect(try direct.map { try encoder.encode($0) } == expected, "\(place)")
            // A byte cut out anywhere: refused, or read as the parser reads the damaged bytes.
            for cut in stride(from: 0, to: stored.count, by: max(1, stored.count / 40)) {
                var damaged = stored
                damaged.remove(at: cut)
                let fromBytes = damaged.withUnsafeBufferPointer { EventCatalogue.decode(type: kind, stored: $0) }
                guard let fromBytes else { continue }
                let members = try #require(try? JSONParser.parse(damaged, normalize: false).objectValue, "\(place) cut at \(cut)")
                let fromParser = EventCatalogue.decode(type: type, payload: members)
                #expect(try fromParser.map { try encoder.encode($0) } == (try encoder.encode(fromBytes)), "\(place) cut at \(cut)")
            }
        }
    }

    @Test("a type is found from its bytes exactly when its name is a type of the catalogue")
    func kindFromBytes() {
        func kind(_ name: String) -> (any EventPayload.Type)? {
            var name = name
            return name.withUTF8 { EventCatalogue.kind(utf8: UnsafeRawBufferPointer($0)) }
        }
        for payload in EventCatalogue.all {
            #expect(kind(payload.type).map(ObjectIdentifier.init) == ObjectIdentifier(payload), "\(payload.type)")
            for wrong in [String(payload.type.dropLast()), payload.type + "s", payload.type.uppercased(), "x" + payload.type.dropFirst()] {
                #expect(kind(wrong) == nil, "\(wrong)")
            }
        }
        #expect(kind("") == nil)
    }
}
