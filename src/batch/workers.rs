//! Converting blocks on every core and writing them back in input order,
//! with a few blocks in flight so that memory stays flat; on this thread
//! alone when no other can start.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use super::converter::{Converter, Done};
use super::records::{BLOCK_BYTES, Block, Records};
use super::{Summary, read_error, write_error};
use crate::error::Result;

/// Writes a converted block: its summary, or the error that stopped it.
pub(super) fn write_done<W: Write>(output: &mut W, done: Done) -> Result<Summary> {
    output
        .write_all(&done.output)
        .map_err(|e| write_error(&e))?;
    match done.error {
        Some(e) => Err(e),
        None => Ok(done.summary),
    }
}

/// Converted blocks waiting for the ones before them.
struct InOrder<'w, W> {
    output: &'w mut W,
    pending: BTreeMap<usize, Done>,
    /// The next block to write.
    next: usize,
    /// Blocks handed out.
    sent: usize,
    summary: Summary,
}

impl<'w, W: Write> InOrder<'w, W> {
    fn new(output: &'w mut W) -> Self {
        InOrder {
            output,
            pending: BTreeMap::new(),
            next: 0,
            sent: 0,
            summary: Summary::default(),
        }
    }

    /// Takes a converted block, and writes every block now in order.
    fn take(&mut self, done: Done) -> Result<()> {
        self.pending.insert(done.index, done);
        while let Some(done) = self.pending.remove(&self.next) {
            self.summary.merge(write_done(self.output, done)?);
            self.next += 1;
        }
        Ok(())
    }
}

/// Converts `first` and every block after it on worker threads.
pub(super) fn run<'a, R: Read, W: Write>(
    records: &mut Records<R>,
    first: Block,
    converter: impl Fn() -> Converter<'a> + Sync,
    output: &mut W,
    name: &str,
) -> Result<Summary> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let mut first = Some(first);
    let mut order = InOrder::new(output);
    let started = std::thread::scope(|scope| -> Result<bool> {
        let (job_tx, job_rx) = mpsc::sync_channel::<Block>(workers * 2);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let mut started = 0;
        for _ in 0..workers {
            let jobs = Arc::clone(&job_rx);
            let done = done_tx.clone();
            let converter = &converter;
            let worker = move || {
                let mut converter = converter();
                loop {
                    let next = jobs.lock().map(|rx| rx.recv());
                    let Ok(Ok(block)) = next else { break };
                    if done.send(converter.block(&block)).is_err() {
                        break;
                    }
                }
            };
            // A thread that cannot start (a process or memory limit) leaves
            // the work to the others, or to this thread.
            if std::thread::Builder::new()
                .spawn_scoped(scope, worker)
                .is_ok()
            {
                started += 1;
            }
        }
        drop(done_tx);
        if started == 0 {
            return Ok(false);
        }
        let failed = hand_out(
            records, &mut first, &job_tx, &done_rx, &mut order, workers, name,
        )
        .err();
        drop(job_tx);
        // What was read before a failure is written first.
        while order.next < order.sent {
            let Ok(done) = done_rx.recv() else { break };
            if let Err(e) = order.take(done) {
                return Err(failed.unwrap_or(e));
            }
        }
        failed.map_or(Ok(true), Err)
    })?;
    match first {
        Some(first) if !started => serial(records, first, converter(), order.output, name),
        _ => Ok(order.summary),
    }
}

/// Reads blocks and hands them to the workers, writing what comes back,
/// until the input ends or something fails.
fn hand_out<R: Read, W: Write>(
    records: &mut Records<R>,
    first: &mut Option<Block>,
    jobs: &mpsc::SyncSender<Block>,
    done: &mpsc::Receiver<Done>,
    order: &mut InOrder<'_, W>,
    workers: usize,
    name: &str,
) -> Result<()> {
    loop {
        let Some(block) = next_block(records, first, order.sent, name)? else {
            return Ok(());
        };
        if jobs.send(block).is_err() {
            return Ok(());
        }
        order.sent += 1;
        // Keep at most a few blocks in flight: memory stays flat.
        while order.sent - order.next > workers * 2 {
            let Ok(d) = done.recv() else { break };
            order.take(d)?;
        }
    }
}

/// Converts `first` and every block after it on this thread.
pub(super) fn serial<R: Read, W: Write>(
    records: &mut Records<R>,
    first: Block,
    mut converter: Converter<'_>,
    output: &mut W,
    name: &str,
) -> Result<Summary> {
    let mut order = InOrder::new(output);
    let mut first = Some(first);
    loop {
        let Some(block) = next_block(records, &mut first, order.next, name)? else {
            return Ok(order.summary);
        };
        order.take(converter.block(&block))?;
    }
}

/// The block read first, while it waits, then the next one read, numbered
/// `index`; none at the end of the input.
fn next_block<R: Read>(
    records: &mut Records<R>,
    first: &mut Option<Block>,
    index: usize,
    name: &str,
) -> Result<Option<Block>> {
    let block = match first.take() {
        Some(b) => b,
        None => records
            .block(index, BLOCK_BYTES)
            .map_err(|e| read_error(name, e))?,
    };
    Ok(Some(block).filter(|b| !b.bytes.is_empty()))
}
