//! Order-preserving parallel map over a slice, for work that splits into
//! independent items (offers in a scenario, their renderings). Small lists
//! stay on the calling thread.
//!
//! This is rayon's `par_iter().map().collect()` in a few lines, kept
//! rather than adding rayon and its global pool: the work is a few chunks
//! once per file, the caller's [`crate::cancel`] flag must reach each
//! thread, and a server that bounds its threads wants no second pool.

/// Items below this stay on one thread: spawning costs more than it saves.
const MIN_ITEMS: usize = 64;

/// `items.iter().map(f).collect()`, on every core, in order.
pub fn map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < MIN_ITEMS {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    // The caller's cancel flag holds on every thread of the work.
    let flag = crate::cancel::current().unwrap_or_default();
    let flag = &flag;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    crate::cancel::scope(flag, || part.iter().map(f).collect::<Vec<U>>())
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            // A panicking worker would be a bug: re-raise it here.
            match h.join() {
                Ok(part) => out.extend(part),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(super::map(&items[..3], |x| x + 1), vec![1, 2, 3]);
    }
}
