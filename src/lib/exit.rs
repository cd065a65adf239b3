//! Exit codes, documented in the man page: 0 success, 1 findings, 2 usage or input error,
//! 130 interrupted.

/// How a command ended, as the process exit code reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked and found nothing wrong.
    Success,
    /// 1: the command ran and has findings: lint errors, `--check` found a difference,
    /// some hosts failed.
    Findings,
    /// 2: bad usage, bad input, or an error that stopped the command.
    Error,
    /// 130: interrupted by SIGINT.
    Interrupted,
}

impl ExitStatus {
    /// The process exit code.
    pub const fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}
