//! Reading whole CSV records: blocks of them for the workers, one at a
//! time for the header, and the fields of one.

use std::io::{BufRead, BufReader, Read};

use super::fields::buffer;
use crate::error::{Error, Result};

/// Bytes per block handed to a worker (a few thousand rows).
pub(super) const BLOCK_BYTES: usize = 1 << 17;

/// The longest record read: a quoted field running past it is a missing
/// closing quote, reported at once rather than read to the end of the file.
pub(super) const MAX_RECORD: usize = 1 << 20;

/// A block of whole records and the line number of its first one.
pub(super) struct Block {
    pub(super) index: usize,
    pub(super) first_line: u64,
    pub(super) bytes: Vec<u8>,
}

/// Why records could not be read.
#[derive(Debug)]
pub(super) enum ReadError {
    /// The reader failed.
    Io(std::io::Error),
    /// No memory for a block.
    Memory(Error),
    /// A quote opened on this line (whose text follows) is never closed,
    /// or runs past [`MAX_RECORD`].
    Unclosed(u64, Vec<u8>),
}

/// Reads whole CSV records: a line break inside quotes continues the record.
pub(super) struct Records<R> {
    pub(super) reader: BufReader<R>,
    pub(super) line: u64,
    /// Bytes read past the end of the last block: the start of a record.
    pub(super) carry: Vec<u8>,
    /// The reader has no more bytes.
    pub(super) eof: bool,
}

/// Scans `bytes` from `from` in quote state `open`: the offset after the
/// last line break outside quotes (or `end` when there is none past
/// `from`), and the quote state at the end. Each byte is looked at once.
pub(super) fn last_record_end(
    bytes: &[u8],
    from: usize,
    mut open: bool,
    mut end: Option<usize>,
) -> (Option<usize>, bool) {
    for i in memchr::memchr2_iter(b'"', b'\n', bytes.get(from..).unwrap_or_default()) {
        let at = from + i;
        if bytes.get(at) == Some(&b'"') {
            open = !open;
        } else if !open {
            end = Some(at + 1);
        }
    }
    (end, open)
}

impl<R: Read> Records<R> {
    /// Records read from the start of `reader`.
    pub(super) fn new(reader: BufReader<R>) -> Self {
        Records {
            reader,
            line: 0,
            carry: Vec::new(),
            eof: false,
        }
    }

    /// Whether every record has been read.
    pub(super) fn at_end(&self) -> bool {
        self.eof && self.carry.is_empty()
    }

    /// The next block of whole records, numbered `index`: empty at the end.
    pub(super) fn block(&mut self, index: usize, size: usize) -> Result<Block, ReadError> {
        let first_line = self.line + 1;
        let mut bytes = buffer(size + (1 << 16)).map_err(ReadError::Memory)?;
        self.next_block(&mut bytes, size)?;
        Ok(Block {
            index,
            first_line,
            bytes,
        })
    }

    /// Reads whole records, about `size` bytes of them, into `out`; returns
    /// the number of lines read, 0 at the end. A block ends at a line break
    /// outside quotes; what follows waits for the next block.
    pub(super) fn next_block(&mut self, out: &mut Vec<u8>, size: usize) -> Result<u64, ReadError> {
        out.clear();
        out.append(&mut self.carry);
        let mut chunk = [0_u8; 1 << 16];
        let mut eof = self.eof;
        let (mut scanned, mut open, mut cut) = (0, false, None);
        let mut target = size;
        loop {
            while out.len() < target && !eof {
                let n = self.reader.read(&mut chunk).map_err(ReadError::Io)?;
                eof = n == 0;
                out.try_reserve(n)
                    .map_err(|_| ReadError::Io(std::io::ErrorKind::OutOfMemory.into()))?;
                out.extend_from_slice(chunk.get(..n).unwrap_or_default());
            }
            (cut, open) = last_record_end(out, scanned, open, cut);
            scanned = out.len();
            if eof {
                if open {
                    return Err(self.unclosed(out, cut.unwrap_or(0)));
                }
                break;
            }
            if let Some(c) = cut {
                self.carry
                    .extend_from_slice(out.get(c..).unwrap_or_default());
                out.truncate(c);
                break;
            }
            // One record longer than the block: read on, up to a limit.
            if out.len() >= MAX_RECORD {
                return Err(self.unclosed(out, 0));
            }
            target = out.len() + size;
        }
        self.eof = eof;
        let mut lines = u64::try_from(memchr::memchr_iter(b'\n', out).count()).unwrap_or(0);
        if !out.is_empty() && !out.ends_with(b"\n") {
            lines += 1;
        }
        self.line += lines;
        Ok(lines)
    }

    /// The error for a record that starts at `from` in `out` and never
    /// closes its quote: its first line, and that line's text.
    pub(super) fn unclosed(&self, out: &[u8], from: usize) -> ReadError {
        let before = out.get(..from).unwrap_or_default();
        let lines = u64::try_from(memchr::memchr_iter(b'\n', before).count()).unwrap_or(0);
        let rest = out.get(from..).unwrap_or_default();
        let text = rest
            .split(|b| *b == b'\n')
            .next()
            .unwrap_or_default()
            .iter()
            .take(200)
            .copied()
            .collect();
        ReadError::Unclosed(self.line + 1 + lines, text)
    }

    /// Appends the next record (with its line breaks) to `out`; returns the
    /// number of lines it took, 0 at the end.
    pub(super) fn next_into(&mut self, out: &mut Vec<u8>) -> Result<u64, ReadError> {
        let first = self.line + 1;
        let mut lines = 0;
        let mut open = false;
        loop {
            let start = out.len();
            let n = (&mut self.reader)
                .take(u64::try_from(MAX_RECORD).unwrap_or(u64::MAX))
                .read_until(b'\n', out)
                .map_err(ReadError::Io)?;
            if n == 0 && !open {
                return Ok(lines);
            }
            if n > 0 {
                lines += 1;
                self.line += 1;
            }
            let quotes = out
                .get(start..)
                .map_or(0, |l| memchr::memchr_iter(b'"', l).count());
            open ^= quotes % 2 == 1;
            if !open {
                return Ok(lines);
            }
            if n == 0 || out.len() >= MAX_RECORD {
                let line = out.split(|b| *b == b'\n').next().unwrap_or_default();
                return Err(ReadError::Unclosed(
                    first,
                    line.iter().take(200).copied().collect(),
                ));
            }
        }
    }
}

/// Splits one record (no trailing line break) into fields: byte ranges
/// into the record itself, or, when it has quotes (RFC 4180: `"a ""b"", c"`
/// is `a "b", c`), into `scratch`, which then holds the unquoted fields.
/// Returns whether the ranges index `scratch`.
pub(super) fn split_fields(
    record: &[u8],
    separator: u8,
    scratch: &mut Vec<u8>,
    ranges: &mut Vec<std::ops::Range<usize>>,
) -> bool {
    ranges.clear();
    if !record.contains(&b'"') {
        split_plain(record, separator, ranges);
        return false;
    }
    scratch.clear();
    let mut start = 0;
    let mut quoted = false;
    let mut i = 0;
    while let Some(&b) = record.get(i) {
        match (b, quoted) {
            (b'"', false) => quoted = true,
            (b'"', true) if record.get(i + 1) == Some(&b'"') => {
                scratch.push(b'"');
                i += 1;
            }
            (b'"', true) => quoted = false,
            (b, false) if b == separator => {
                ranges.push(start..scratch.len());
                start = scratch.len();
            }
            (other, _) => scratch.push(other),
        }
        i += 1;
    }
    ranges.push(start..scratch.len());
    true
}

/// [`split_fields`] for a record known to hold no quote (its block has
/// none): eight bytes at a time, each word's separators found at once
/// (a byte loop cost 240 instructions on a 30-byte row).
pub(super) fn split_plain(record: &[u8], separator: u8, ranges: &mut Vec<std::ops::Range<usize>>) {
    ranges.clear();
    let mut start = 0;
    let mut take = |mut found: u64, at: usize| {
        while found != 0 {
            let i = at + (found.trailing_zeros() / 8) as usize;
            ranges.push(start..i);
            start = i + 1;
            found &= found - 1;
        }
    };
    let mut words = record.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        take(separators(u64::from_le_bytes(w), separator), at);
        at += 8;
    }
    // The tail padded with a byte that is not the separator.
    let tail = words.remainder();
    let mut w = [!separator; 8];
    if let Some(t) = w.get_mut(..tail.len()) {
        t.copy_from_slice(tail);
    }
    take(separators(u64::from_le_bytes(w), separator), at);
    ranges.push(start..record.len());
}

/// The high bit of each byte of `word` that is `separator`, and no other
/// bit: its bytes xor the separator are zero where it is, and a byte is
/// zero exactly when neither its low seven bits added to 0x7f nor the
/// byte itself reach its high bit.
fn separators(word: u64, separator: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(separator) * 0x0101_0101_0101_0101);
    !(((x & LOW) + LOW) | x | LOW)
}

/// Where field `index` is written in a record, quotes included: what an
/// error about that field points at. Past the last field: the record's end.
pub(super) fn field_span(record: &[u8], separator: u8, index: usize) -> std::ops::Range<usize> {
    let mut field = 0;
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in record.iter().enumerate() {
        match *b {
            b'"' => quoted = !quoted,
            b if b == separator && !quoted => {
                if field == index {
                    return start..i;
                }
                field += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if field == index {
        start..record.len()
    } else {
        record.len()..record.len()
    }
}

pub(super) fn trim_line_break(record: &[u8]) -> &[u8] {
    let r = record.strip_suffix(b"\n").unwrap_or(record);
    r.strip_suffix(b"\r").unwrap_or(r)
}
