//! Computation that can be stopped: a caller that gives up on a result
//! (the server, past its time limit) raises a flag, and the long loops of
//! the library (each offer, company, event, waterfall, breakpoint and
//! claim of a scenario) look at it and return an error instead of running
//! on and holding a thread.
//!
//! The flag belongs to the thread that runs the work ([`scope`]), so no
//! signature carries it; [`crate::parallel`] hands it on to the threads it
//! starts. Looking at it is one thread-local read and one atomic load.
//!
//! ```
//! use dealcalc::cancel::{self, Cancel};
//! let flag = Cancel::new();
//! assert!(cancel::scope(&flag, || cancel::check()).is_ok());
//! flag.cancel();
//! assert!(cancel::scope(&flag, || cancel::check()).is_err());
//! // Outside a scope nothing is ever cancelled.
//! assert!(cancel::check().is_ok());
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag that stops the work running in its [`scope`].
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not yet raised.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Raises it: the work stops at its next look.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether it is raised.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Work stopped by its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the computation was stopped: it ran past its time limit")
    }
}

impl std::error::Error for Cancelled {}

thread_local! {
    static CURRENT: RefCell<Option<Cancel>> = const { RefCell::new(None) };
}

/// Runs `work` on this thread under `flag`.
pub fn scope<T>(flag: &Cancel, work: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(Some(flag.clone())));
    let out = work();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// The flag this thread's work runs under, to hand on to threads it
/// starts.
pub fn current() -> Option<Cancel> {
    CURRENT.with(|c| c.borrow().clone())
}

/// An error once this thread's flag is raised.
pub fn check() -> Result<(), Cancelled> {
    let raised = CURRENT.with(|c| c.borrow().as_ref().is_some_and(Cancel::is_cancelled));
    if raised { Err(Cancelled) } else { Ok(()) }
}
