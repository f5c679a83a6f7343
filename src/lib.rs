//! dealcalc: exact arithmetic on compensation offers, stake deals and the
//! figures the press prints about them.
//!
//! Data flows one way: [`amount`] (text people write) -> [`money`] (exact
//! decimal plus currency) -> [`rates`] (dated exchange rates) -> ... The
//! library never prints and never exits; `main.rs` is the only glue.
#![forbid(unsafe_code)]

pub mod amount;
pub mod currency;
pub mod error;
pub mod money;
pub mod numbers;
pub mod rates;

pub use error::{Error, Input};
pub mod batch;
pub mod cancel;
pub mod claim;
pub mod company;
pub mod deal;
pub mod diagnostic;
pub mod index;
pub mod input;
pub mod limits;
pub mod offer;
pub mod parallel;
pub mod report;
pub mod scan;
pub mod scenario;
pub mod schedule;
#[cfg(test)]
mod testing;
