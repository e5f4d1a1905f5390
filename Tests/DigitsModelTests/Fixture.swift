import DigitsModel

/// The committed digits data, loaded once for the whole test target.
enum Fixture {
    private static let loaded = Result { () throws(DigitsDataError) -> DigitsDataset in try DigitsDataset.loadCommitted() }

    /// The 1,797 images, or the loading error.
    static func dataset() throws -> DigitsDataset { try loaded.get() }
}
