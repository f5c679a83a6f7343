//! Reading what the command line names: files (or standard input) as
//! text, and rate tables layered.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use dealcalc::error::{Error, Input, Result};
use dealcalc::rates::RateTable;

/// The rate tables given with `--rates`, layered; the built-in ECB history
/// without any.
pub fn load_rates(paths: &[std::path::PathBuf]) -> Result<RateTable> {
    if paths.is_empty() {
        return Ok(RateTable::builtin()?);
    }
    let tables = paths
        .iter()
        .map(|p| table_file(p))
        .collect::<Result<Vec<_>>>()?;
    layer(tables)
}

/// A rate table file read, named by its path when it names no source.
pub fn table_file(path: &Path) -> Result<(RateTable, Arc<Input>)> {
    let input = read_input(path)?;
    let table = RateTable::from_toml(&input.text)
        .map_err(|e| Error::from(e).at(&input, 0))?
        .or_source(&input.name);
    Ok((table, input))
}

/// Tables layered, later ones winning; tables of different bases are an
/// error naming both files.
pub fn layer(tables: Vec<(RateTable, Arc<Input>)>) -> Result<RateTable> {
    if let Some((first, first_input)) = tables.first() {
        for (table, input) in tables.iter().skip(1) {
            if table.base() != first.base() {
                let span = input.text.find("base").map(|i| i..i + "base".len());
                return Err(Error::invalid(format!(
                    "`{}` has base {}, but `{}` has base {}",
                    input.name,
                    table.base(),
                    first_input.name,
                    first.base()
                ))
                .with(
                    span,
                    Some("layered tables share one base: every rate is per one unit of it".into()),
                )
                .at(input, 0));
            }
        }
    }
    Ok(RateTable::layered(
        tables.into_iter().map(|(t, _)| t).collect(),
    )?)
}

/// Files larger than this are refused: no scenario or rate table comes
/// near it (the full ECB history is 3.5 MB), and reading one whole would
/// only exhaust memory. Batch conversion streams and has no limit.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Reads a file, or standard input for `-`, as UTF-8.
pub fn read_input(path: &Path) -> Result<Arc<Input>> {
    let name = path.display().to_string();
    let too_large = |size: u64| {
        Error::invalid(format!(
            "`{name}` is too large ({} MiB; the limit is {} MiB)",
            size >> 20,
            MAX_FILE >> 20
        ))
    };
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_FILE => return Err(too_large(m.len())),
            Ok(m) if m.is_dir() => {
                return Err(Error::invalid(format!("`{name}` is a folder, not a file")));
            }
            _ => {}
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| Error::invalid(format!("cannot read `{name}`: {}", io_message(&e))))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_large(bytes.len() as u64));
    }
    let name = if name == "-" {
        "<stdin>".to_owned()
    } else {
        name
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid =
                String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or_default()).into_owned();
            let input = Input::new(name.clone(), valid);
            Err(Error::invalid(format!(
                "`{name}` is not UTF-8 text (invalid byte at offset {at})"
            ))
            .with(Some(at..at), Some("save the file as UTF-8".into()))
            .at(&input, 0))
        }
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}
