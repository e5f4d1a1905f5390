extension Decoder {
    /// Runs `makeValue`, turning a ``SearchSpaceError`` (a decoded value that breaks a rule) into a
    /// `DecodingError.dataCorrupted` at this decoder's coding path that carries the rule.
    ///
    /// - Parameter makeValue: Decodes and validates the value.
    /// - Returns: The value.
    /// - Throws: What `makeValue` throws, with a ``SearchSpaceError`` wrapped as above.
    package func validating<Value>(_ makeValue: () throws -> Value) throws -> Value {
        do {
            return try makeValue()
        } catch let error as SearchSpaceError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// The container of an object with exactly one of `Key`'s keys (the case of a tagged union, such
    /// as `{"float": ...}`) and that key.
    ///
    /// - Parameter what: The kind of value, for the error: "a distribution".
    /// - Throws: `DecodingError.dataCorrupted` when the object has no key or more than one.
    package func singleKeyContainer<Key: CodingKey & CaseIterable>(
        keyedBy type: Key.Type, describing what: String
    ) throws -> (container: KeyedDecodingContainer<Key>, key: Key) {
        let container = try container(keyedBy: type)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            let keys = Key.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(what) is an object with exactly one of the keys \(keys)"))
        }
        return (container, key)
    }
}
