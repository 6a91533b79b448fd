/// What a layer above the store works with inside one of the store's transactions: the log's
/// events, read through the store, and the connection for the tables that layer keeps beside the
/// log (the domain index, the projections). Only the store names the log's own tables (events,
/// tree nodes, checkpoints, log_meta); they refuse changes through `tables` in any case.
public struct LogSession {
    /// The events, as this transaction sees them.
    public let log: any LogReader
    /// The connection of the transaction, for the caller's own tables.
    public let tables: SideTables

    init(log: any LogReader, tables: SideTables) {
        self.log = log
        self.tables = tables
    }
}
