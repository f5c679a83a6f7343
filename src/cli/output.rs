//! Writing results: to standard output, or to a file whole or not at all.
//!
//! A regular file is written to a temporary file beside it, which takes
//! the target's permissions and is renamed over it once complete: a reader
//! never sees half a result, and a failure leaves the old file as it was.
//! A symbolic link is written through (the file it points to is replaced,
//! the link stays); a FIFO, a device or a socket (`/dev/null`, a named
//! pipe) is written directly, since it cannot be replaced. Interrupted by
//! SIGINT, SIGTERM or SIGHUP, or past a file-size limit (SIGXFSZ), the
//! temporary file is removed before exit.

use std::fs::File;
use std::io::Write;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dealcalc::error::{Error, Result};

use super::files::io_message;

/// Temporary files being written, removed if a signal ends the process.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes temporary files and exits on SIGINT, SIGTERM and SIGHUP; lets a
/// write past the file-size limit fail (EFBIG) instead of ending the
/// process, so that the failure is reported and cleaned up.
pub fn guard_signals() {
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGXFSZ])
    else {
        return;
    };
    let watcher = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if signal == SIGXFSZ {
                    continue;
                }
                remove_temporary();
                std::process::exit(128 + signal);
            }
        });
    // Without the thread (a process limit), signals keep their defaults.
    drop(watcher);
}

fn remove_temporary() {
    if let Ok(list) = TEMPORARY.lock() {
        for path in list.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An error unless standard output can be written to. Started with it
/// closed (`>&-`), a Rust program finds it reopened on `/dev/null` by the
/// runtime, read and write, exactly as Python's `subprocess.DEVNULL` opens
/// it: the two cannot be told apart, and refusing both would fail every
/// script that discards the output to keep the exit code (exit 2 would
/// claim bad input), so both are taken as what they say: output
/// discarded.
pub fn stdout_open() -> Result<()> {
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(|_| ())
        .map_err(|_| Error::invalid("cannot write to standard output: it is closed"))
}

/// Writes the text, in its parts, to standard output (a closed pipe ends
/// quietly), or to `path` whole.
pub fn write(path: Option<&Path>, parts: &[String]) -> Result<()> {
    let write_all = |out: &mut dyn Write| -> std::io::Result<()> {
        for part in parts {
            out.write_all(part.as_bytes())?;
        }
        out.flush()
    };
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return match write_all(&mut out) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::invalid(format!(
                "cannot write to standard output: {e}"
            ))),
            _ => Ok(()),
        };
    };
    let mut sink = Sink::open(path)?;
    write_all(&mut sink).map_err(|e| sink.failed(&e))?;
    sink.finish()
}

/// Where a result goes: a temporary file to rename over a regular target,
/// or the target itself when it cannot be replaced.
///
/// A temporary file is on disk before it replaces the target (synced,
/// then renamed: a crash leaves the old file or the new one, never an
/// empty one). So that the final sync does not wait for the whole result
/// to reach the disk, each [`WRITE_BACK`] bytes written are handed to a
/// thread that syncs them while the rest is computed: 93 MB of
/// converted rows took 45 ms to sync at the end.
pub struct Sink {
    /// The file the result is written to.
    file: File,
    /// The file it becomes (links followed).
    dest: PathBuf,
    /// The temporary file, when written beside the target.
    staged: Option<PathBuf>,
    /// Bytes written since the last write-back was asked for.
    unsynced: usize,
    /// The thread syncing a temporary file as it is written, and what it
    /// found.
    syncer: Option<Syncer>,
}

/// Bytes written between two syncs in the background.
const WRITE_BACK: usize = 16 << 20;

/// A thread that syncs the temporary file whenever asked to.
struct Syncer {
    ask: std::sync::mpsc::SyncSender<()>,
    done: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Syncer {
    /// A thread syncing a handle of `file`; none where no handle or
    /// thread can be had (the final sync then does it all).
    fn start(file: &File) -> Option<Syncer> {
        let handle = file.try_clone().ok()?;
        // One request waiting is enough: a sync covers every byte before
        // it.
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let done = std::thread::Builder::new()
            .name("write-back".into())
            .spawn(move || {
                while asked.recv().is_ok() {
                    handle.sync_data()?;
                }
                Ok(())
            })
            .ok()?;
        Some(Syncer { ask, done })
    }

    /// Waits for the sync under way; its error, if it had one.
    fn stop(self) -> std::io::Result<()> {
        drop(self.ask);
        self.done
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the write-back thread failed")))
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n;
        if self.unsynced >= WRITE_BACK
            && let Some(s) = &self.syncer
        {
            // Full: a sync is already asked for, and will cover these.
            let _ = s.ask.try_send(());
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Sink {
    /// Opens the place to write `dest`: see the module documentation.
    pub fn open(dest: &Path) -> Result<Sink> {
        let cannot = |e: &std::io::Error| {
            Error::invalid(format!(
                "cannot write `{}`: {}",
                dest.display(),
                io_message(e)
            ))
        };
        let target = resolve_links(dest);
        let existing = std::fs::metadata(&target).ok();
        if let Some(meta) = existing.as_ref().filter(|m| !m.is_file()) {
            if meta.is_dir() {
                return Err(Error::invalid(format!(
                    "cannot write `{}`: it is a folder",
                    dest.display()
                )));
            }
            let file = open_waiting(&target).map_err(|e| cannot(&e))?;
            return Ok(Sink {
                file,
                dest: target,
                staged: None,
                unsynced: 0,
                syncer: None,
            });
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut attempt = 0;
        let (tmp, file) = loop {
            let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(file) => break (tmp, file),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(cannot(&e)),
            }
        };
        if let Ok(mut list) = TEMPORARY.lock() {
            list.push(tmp.clone());
        }
        if let Some(meta) = existing {
            // The result keeps the target's permissions (a 600 file stays 600).
            let _ = file.set_permissions(meta.permissions());
        }
        let syncer = Syncer::start(&file);
        Ok(Sink {
            file,
            dest: target,
            staged: Some(tmp),
            unsynced: 0,
            syncer,
        })
    }

    /// The error for a failed write; the temporary file goes (on drop).
    pub fn failed(&self, e: &std::io::Error) -> Error {
        Error::invalid(format!(
            "cannot write `{}`: {}",
            self.dest.display(),
            io_message(e)
        ))
    }

    /// Puts the result in place: the temporary file synced and renamed over
    /// the target.
    pub fn finish(mut self) -> Result<()> {
        let behind = self.syncer.take().map_or(Ok(()), Syncer::stop);
        let result = match &self.staged {
            Some(tmp) => behind
                .and_then(|()| self.file.sync_all())
                .and_then(|()| std::fs::rename(tmp, &self.dest)),
            None => self.file.flush(),
        };
        match result {
            Ok(()) => {
                self.forget();
                Ok(())
            }
            Err(e) => Err(self.failed(&e)),
        }
    }

    /// The temporary file is no longer ours to remove.
    fn forget(&mut self) {
        if let Some(tmp) = self.staged.take()
            && let Ok(mut list) = TEMPORARY.lock()
        {
            list.retain(|p| *p != tmp);
        }
    }
}

impl Drop for Sink {
    /// A sink dropped unfinished leaves nothing behind.
    fn drop(&mut self) {
        if let Some(tmp) = self.staged.clone() {
            let _ = std::fs::remove_file(&tmp);
            self.forget();
        }
    }
}

/// How long opening a named pipe may wait for a reader.
const READER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens a device or named pipe for writing. Opening a pipe waits for a
/// reader: with none within [`READER_WAIT`] it is an error, never a
/// command blocked forever (the thread left waiting ends with the
/// process).
fn open_waiting(target: &Path) -> std::io::Result<File> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = target.to_path_buf();
    std::thread::Builder::new()
        .name("open-output".into())
        .spawn(move || {
            let _ = tx.send(std::fs::OpenOptions::new().write(true).open(path));
        })?;
    match rx.recv_timeout(READER_WAIT) {
        Ok(result) => result,
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "no one reads it: nothing opened the pipe for reading within 10 seconds",
        )),
    }
}

/// The file a path names once symbolic links are followed, even when the
/// last one points to a file not yet there.
fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(next) => {
                current = if next.is_absolute() {
                    next
                } else {
                    current.parent().unwrap_or(Path::new(".")).join(next)
                };
            }
            Err(_) => return current,
        }
    }
    current
}
