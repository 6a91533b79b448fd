extension SnakeCaseJSONError {
    /// The error for `error`, thrown while encoding a `type` (an `EncodingError` with its
    /// coding path, or whatever a value's own `encode(to:)` threw).
    init(encoding type: Any.Type, _ error: any Error) {
        let typeName = String(describing: type)
        switch error {
        case let error as SnakeCaseJSONError:
            self = error
        case EncodingError.invalidValue(_, let context):
            self.init(.encoding, typeName: typeName, path: AnyCodingKey.describe(context.codingPath), message: context.debugDescription)
        default:
            self.init(.encoding, typeName: typeName, path: "", message: "\(error)")
        }
    }

    /// The error for `error`, thrown while decoding a `type` (a `DecodingError` with its coding
    /// path, or whatever a value's own `init(from:)` threw).
    init(decoding type: Any.Type, _ error: any Error) {
        let typeName = String(describing: type)
        switch error {
        case let error as SnakeCaseJSONError:
            self = error
        case DecodingError.keyNotFound(let key, let context):
            self.init(.decoding, typeName: typeName, path: AnyCodingKey.describe(context.codingPath + [key]), message: "required, but missing")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            self.init(.decoding, typeName: typeName, path: AnyCodingKey.describe(context.codingPath), message: context.debugDescription)
        default:
            self.init(.decoding, typeName: typeName, path: "", message: "\(error)")
        }
    }
}
