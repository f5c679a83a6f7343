//! Integration tests: one binary (faster builds on two cores).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod bad;
mod cli;
mod ecb;
mod offers;
mod output;
mod properties;
mod scenarios;
mod smoke;
