import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// A study's trials as a table: one row per trial, written and read as CSV.
///
/// Columns, in order: `number`, `state`, `value` (or `values_0`, `values_1`, ... for several
/// objectives), `datetime_start` and `datetime_complete` (seconds since 1970), `duration` (seconds),
/// then `params_NAME` for every parameter name and `user_attrs_NAME` for every user attribute, each
/// group sorted by name. An empty cell means "none".
///
/// Parameter cells are typed by their spelling, so a round trip keeps each value's kind: a float
/// always has a `.`, an exponent, or is `NaN`/`Infinity`/`-Infinity` (`0.01`, `2.0`, `1e-05`; the
/// journal's and the JSON export's spelling; `nan`/`inf` of earlier versions still read); an integer is digits;
/// a Boolean is `true`/`false`; a string is written as is unless it could be read as one of those
/// (or is empty), in which case it is JSON-quoted (`"2.0"`). User attribute cells are JSON.
/// Fields are quoted per RFC 4180 when they hold a comma, a quote or a line break.
public struct TrialTable: Sendable, Hashable {
    /// One trial.
    public struct Row: Sendable, Hashable {
        /// The trial's number.
        public var number: Int
        /// The trial's state.
        public var state: TrialState
        /// The objective values, if any.
        public var values: [Double]?
        /// When the trial started, in seconds since 1970.
        public var start: Double?
        /// When the trial finished, in seconds since 1970.
        public var end: Double?
        /// The parameter values, by name.
        public var params: [String: ParameterValue]
        /// The user attributes, by name.
        public var userAttributes: [String: AttributeValue]

        /// Creates a row.
        public init(
            number: Int, state: TrialState, values: [Double]? = nil, start: Double? = nil, end: Double? = nil,
            params: [String: ParameterValue] = [:], userAttributes: [String: AttributeValue] = [:]
        ) {
            self.number = number
            self.state = state
            self.values = values
            self.start = start
            self.end = end
            self.params = params
            self.userAttributes = userAttributes
        }

        /// The row of `trial`.
        public init(_ trial: TrialRecord) {
            self.init(
                number: trial.number, state: trial.state, values: trial.values,
                start: trial.startDate?.timeIntervalSince1970, end: trial.endDate?.timeIntervalSince1970,
                params: trial.params, userAttributes: trial.userAttributes)
        }
    }

    /// The number of objectives (value columns).
    public var objectiveCount: Int
    /// The rows, by trial number.
    public var rows: [Row]

    /// Creates a table.
    public init(objectiveCount: Int, rows: [Row]) {
        self.objectiveCount = objectiveCount
        self.rows = rows
    }

    /// The table of an export's trials.
    public init(_ export: StudyExport) {
        self.init(objectiveCount: export.directions.count, rows: export.trials.map(Row.init))
    }

    // MARK: Writing

    /// The column names, in order.
    public var header: [String] {
        var columns = ["number", "state"]
        columns += objectiveCount == 1 ? ["value"] : (0..<objectiveCount).map { "values_\($0)" }
        columns += ["datetime_start", "datetime_complete", "duration"]
        columns += parameterNames.map { "params_" + $0 }
        columns += attributeNames.map { "user_attrs_" + $0 }
        return columns
    }

    private var parameterNames: [String] { Set(rows.flatMap(\.params.keys)).sorted() }
    private var attributeNames: [String] { Set(rows.flatMap(\.userAttributes.keys)).sorted() }

    /// The table as CSV text (a header line, then one line per row, each ending with `\n`).
    public var csv: String {
        let parameters = parameterNames
        let attributes = attributeNames
        var lines = [header.map(Self.quoted).joined(separator: ",")]
        for row in rows {
            var cells = ["\(row.number)", row.state.rawValue]
            for index in 0..<objectiveCount {
                cells.append(row.values.map { index < $0.count ? NonFiniteSpelling.description($0[index]) : "" } ?? "")
            }
            cells.append(row.start.map { "\($0)" } ?? "")
            cells.append(row.end.map { "\($0)" } ?? "")
            if let start = row.start, let end = row.end { cells.append("\(end - start)") } else { cells.append("") }
            cells += parameters.map { row.params[$0].map(Self.cell(for:)) ?? "" }
            cells += attributes.map { row.userAttributes[$0].map(Self.cell(for:)) ?? "" }
            lines.append(cells.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(for value: ParameterValue) -> String {
        switch value {
        case .float(let number): return NonFiniteSpelling.description(number)
        case .int(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        case .string(let text):
            return parameterValue(fromCell: text) == .string(text) ? text : jsonString(text)
        }
    }

    static func cell(for value: AttributeValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: NonFiniteSpelling.infinity, negativeInfinity: NonFiniteSpelling.negativeInfinity, nan: NonFiniteSpelling.nan)
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }

    private static func jsonString(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).flatMap { String(data: $0, encoding: .utf8) } ?? "\"\""
    }

    /// `field`, quoted per RFC 4180 when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Reading

    /// Reads a table written by ``csv``.
    ///
    /// - Throws: ``ExportError`` naming the line and column of the first malformed cell, or a
    ///   missing or unknown column.
    public init(csv text: String) throws(ExportError) {
        let records = try Self.records(of: text)
        guard let header = records.first else { throw ExportError(field: "line 1", detail: "the CSV has no header") }
        func column(_ name: String) throws(ExportError) -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw ExportError(field: "line 1", detail: "missing column \"\(name)\"")
            }
            return index
        }
        let numberColumn = try column("number")
        let stateColumn = try column("state")
        let valueColumns: [Int]
        if let single = header.firstIndex(of: "value") {
            valueColumns = [single]
        } else {
            var found: [Int] = []
            while let index = header.firstIndex(of: "values_\(found.count)") { found.append(index) }
            guard !found.isEmpty else { throw ExportError(field: "line 1", detail: "missing column \"value\" (or \"values_0\", ...)") }
            valueColumns = found
        }
        let startColumn = try column("datetime_start")
        let endColumn = try column("datetime_complete")
        let known = Set([numberColumn, stateColumn, startColumn, endColumn] + valueColumns + [try column("duration")])
        var parameterColumns: [(String, Int)] = []
        var attributeColumns: [(String, Int)] = []
        for (index, name) in header.enumerated() where !known.contains(index) {
            if name.hasPrefix("params_") {
                parameterColumns.append((String(name.dropFirst("params_".count)), index))
            } else if name.hasPrefix("user_attrs_") {
                attributeColumns.append((String(name.dropFirst("user_attrs_".count)), index))
            } else {
                throw ExportError(field: "line 1, column \"\(name)\"", detail: "unknown column")
            }
        }

        var rows: [Row] = []
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            guard record.count == header.count else {
                throw ExportError(field: "line \(line)", detail: "\(record.count) fields, the header has \(header.count)")
            }
            func field(_ index: Int) -> String { "line \(line), column \"\(header[index])\"" }
            guard let number = Int(record[numberColumn]) else {
                throw ExportError(field: field(numberColumn), detail: "\"\(record[numberColumn])\" is not an integer")
            }
            guard let state = TrialState(rawValue: record[stateColumn]) else {
                throw ExportError(field: field(stateColumn), detail: "\"\(record[stateColumn])\" is not a trial state")
            }
            func decimal(at index: Int) throws(ExportError) -> Double? {
                let cell = record[index]
                if cell.isEmpty { return nil }
                guard let value = Double(cell) else { throw ExportError(field: field(index), detail: "\"\(cell)\" is not a number") }
                return value
            }
            var values: [Double] = []
            for index in valueColumns {
                if let value = try decimal(at: index) { values.append(value) }
            }
            guard values.isEmpty || values.count == valueColumns.count else {
                throw ExportError(field: "line \(line)", detail: "some objective values are missing")
            }
            var params: [String: ParameterValue] = [:]
            for (name, index) in parameterColumns where !record[index].isEmpty {
                guard let value = Self.parameterValue(fromCell: record[index]) else {
                    throw ExportError(field: field(index), detail: "\"\(record[index])\" is not a parameter value")
                }
                params[name] = value
            }
            var attributes: [String: AttributeValue] = [:]
            for (name, index) in attributeColumns where !record[index].isEmpty {
                guard let value = Self.attributeValue(fromCell: record[index]) else {
                    throw ExportError(field: field(index), detail: "\"\(record[index])\" is not JSON")
                }
                attributes[name] = value
            }
            rows.append(
                Row(
                    number: number, state: state, values: values.isEmpty ? nil : values, start: try decimal(at: startColumn),
                    end: try decimal(at: endColumn), params: params, userAttributes: attributes))
        }
        self.init(objectiveCount: valueColumns.count, rows: rows)
    }

    /// The attribute a user-attribute cell holds (JSON), or `nil`. Non-finite numbers are the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"`; a cell with `"nan"`, `"inf"` or `"-inf"` is read with the
    /// spelling of earlier versions.
    static func attributeValue(fromCell cell: String) -> AttributeValue? {
        let legacy = [#""nan""#, #""inf""#, #""-inf""#].contains { cell.contains($0) }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy =
            legacy
            ? .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            : .convertFromString(
                positiveInfinity: NonFiniteSpelling.infinity, negativeInfinity: NonFiniteSpelling.negativeInfinity,
                nan: NonFiniteSpelling.nan)
        return try? decoder.decode(AttributeValue.self, from: Data(cell.utf8))
    }

    /// The value a parameter cell spells (see the type's rules), or `nil` for a malformed quoted string.
    static func parameterValue(fromCell cell: String) -> ParameterValue? {
        if cell.hasPrefix("\"") {
            guard let text = try? JSONDecoder().decode(String.self, from: Data(cell.utf8)) else { return nil }
            return .string(text)
        }
        if cell == "true" { return .bool(true) }
        if cell == "false" { return .bool(false) }
        if let integer = Int(cell) { return .int(integer) }
        if let number = NonFiniteSpelling.value(cell) { return .float(number) }
        if let number = Double(cell), cell.contains(where: { ".eE".contains($0) }) { return .float(number) }
        if cell.isEmpty { return nil }
        return .string(cell)
    }

    /// Splits RFC 4180 text into records of fields.
    static func records(of text: String) throws(ExportError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return characters.next()
        }
        while let character = next() {
            if inQuotes {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            case "\"" where field.isEmpty:
                inQuotes = true
            default:
                field.append(character)
            }
        }
        if inQuotes { throw ExportError(field: "line \(line)", detail: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
