//! Why a company's events or exits cannot be computed.

/// A company whose events or exits cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyError(pub String);

impl std::fmt::Display for CompanyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompanyError {}
