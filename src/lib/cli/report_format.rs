//! `-o table|json` of the commands that report a summary: a table for people, JSON for
//! monitoring and scripts.

use clap::ValueEnum;

/// How a command prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table.
    Table,
    /// One JSON document on stdout.
    Json,
}
