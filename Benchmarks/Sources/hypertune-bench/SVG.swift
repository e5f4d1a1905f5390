import Foundation

/// A small SVG writer for the benchmark plots (`Plots.swift`): lines, polylines, polygons,
/// rectangles, circles and text in user units (pixels), written as one standalone SVG 1.1 file.
/// Dependency-free on purpose, like the rest of the runner.
struct SVG {
    var width: Double
    var height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        elements.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
                + dashAttribute(dash) + "/>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
        guard points.count > 1 else { return }
        elements.append(
            "<polyline points=\"\(pointList(points))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
                + " stroke-linejoin=\"round\"" + dashAttribute(dash) + "/>")
    }

    mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double) {
        guard points.count > 2 else { return }
        elements.append("<polygon points=\"\(pointList(points))\" fill=\"\(fill)\" fill-opacity=\"\(n(opacity))\" stroke=\"none\"/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, stroke: String? = nil) {
        elements.append(
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
                + (stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? "") + "/>")
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, stroke: String? = nil) {
        elements.append(
            "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\""
                + (stroke.map { " stroke=\"\($0)\" stroke-width=\"1.2\"" } ?? "") + "/>")
    }

    enum Anchor: String {
        case start, middle, end
    }

    /// Text whose baseline starts (ends, is centred) at `(x, y)`; `rotation` in degrees about that point.
    mutating func text(
        _ content: String, _ x: Double, _ y: Double, size: Double = 11, anchor: Anchor = .start, bold: Bool = false,
        fill: String = "#222", rotation: Double? = nil
    ) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotation { attributes += " transform=\"rotate(\(n(rotation)) \(n(x)) \(n(y)))\"" }
        elements.append("<text \(attributes)>\(SVG.escape(content))</text>")
    }

    /// The document: a white background, a sans-serif default font, then the elements in order.
    func render() -> String {
        let header =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\""
            + " font-family=\"Helvetica, Arial, sans-serif\">"
        return ([header, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"] + elements + ["</svg>"]).joined(separator: "\n")
            + "\n"
    }

    func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(render().utf8).write(to: url)
        progress("wrote \(path)")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private func pointList(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
    }

    private func dashAttribute(_ dash: String?) -> String {
        dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }

    /// A coordinate with at most two decimals (keeps the files small and stable).
    private func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// A linear or logarithmic map from data values to pixels, with its tick values.
struct PlotAxis {
    var low: Double
    var high: Double
    var logarithmic: Bool
    var pixelLow: Double
    var pixelHigh: Double
    /// Tick values; when empty, chosen from the range (1-2-5 steps, or powers of ten on a log axis).
    var explicitTicks: [Double] = []

    func map(_ value: Double) -> Double {
        let (a, b, v) = logarithmic ? (log10(low), log10(high), log10(value)) : (low, high, value)
        return pixelLow + (v - a) / (b - a) * (pixelHigh - pixelLow)
    }

    var ticks: [Double] {
        if !explicitTicks.isEmpty { return explicitTicks }
        if logarithmic {
            return (Int(floor(log10(low)))...Int(ceil(log10(high)))).map { pow(10, Double($0)) }.filter {
                $0 >= low * 0.999 && $0 <= high * 1.001
            }
        }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var value = ceil(low / step - 1e-9) * step
        while value <= high + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// A tick's label: powers of ten as 10, 100, 1,000 …, 10^-3 …; other values with the digits they need.
    func label(_ value: Double) -> String {
        if logarithmic, value >= 1, value == value.rounded() { return PlotAxis.grouped(Int(value)) }
        if logarithmic, value < 1 { return String(format: "%g", value) }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%g", (value * 1000).rounded() / 1000)
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// The range of `values` widened by `padding` of its span on each side (a unit span when flat).
    static func paddedRange(_ values: [Double], padding: Double = 0.06) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        let span = high - low > 0 ? high - low : 1
        return (low - span * padding, high + span * padding)
    }
}

/// One plotting area of a figure: a frame, grid lines, ticks and their labels, a title and axis titles.
struct PlotPanel {
    var x: PlotAxis
    var y: PlotAxis
    var title: String?
    var xTitle: String?
    var yTitle: String?
    /// How far left of the frame the y axis title sits (room for the tick labels).
    var yTitleOffset: Double = 36

    func draw(into svg: inout SVG, tickLabelsY: Bool = true) {
        let left = x.pixelLow
        let right = x.pixelHigh
        let top = y.pixelHigh
        let bottom = y.pixelLow
        svg.rect(left, top, right - left, bottom - top, fill: "#fbfbfb", stroke: "#999")
        for tick in x.ticks {
            let px = x.map(tick)
            svg.line(px, top, px, bottom, stroke: "#e3e3e3")
            svg.line(px, bottom, px, bottom + 4, stroke: "#555")
            svg.text(x.label(tick), px, bottom + 15, size: 10, anchor: .middle, fill: "#444")
        }
        for tick in y.ticks {
            let py = y.map(tick)
            svg.line(left, py, right, py, stroke: "#e3e3e3")
            svg.line(left - 4, py, left, py, stroke: "#555")
            if tickLabelsY { svg.text(y.label(tick), left - 6, py + 3.5, size: 10, anchor: .end, fill: "#444") }
        }
        if let title { svg.text(title, (left + right) / 2, top - 7, size: 12, anchor: .middle, bold: true) }
        if let xTitle { svg.text(xTitle, (left + right) / 2, bottom + 31, size: 11, anchor: .middle) }
        if let yTitle { svg.text(yTitle, left - yTitleOffset, (top + bottom) / 2, size: 11, anchor: .middle, rotation: -90) }
    }
}
