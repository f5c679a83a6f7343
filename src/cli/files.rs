//! Reading what the command line names: files (or standard input) as
//! text, and rate tables layered.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use dealcalc::error::{Error, Input, Result};
use dealcalc::rates::RateTable;

/// Where `rates update` keeps the history it fetched:
/// `$XDG_DATA_HOME/dealcalc/ecb.toml`, by default
/// `~/.local/share/dealcalc/ecb.toml`.
pub fn updated_table_path() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("dealcalc").join("ecb.toml"))
}

/// Where the table an update replaced is kept, for `rates update
/// --rollback`: beside the fetched one, `ecb.prev.toml`.
pub fn previous_table_path() -> Option<std::path::PathBuf> {
    updated_table_path().map(|p| p.with_file_name("ecb.prev.toml"))
}

/// The names `--rates` and `DEALCALC_RATES` take besides files: the table
/// shipped in the binary, and the one `rates update` fetched.
pub const BUILTIN: &str = "builtin";
/// See [`BUILTIN`].
pub const FETCHED: &str = "fetched";

/// The ECB history to use when none is named: the one `rates update`
/// fetched, when it reaches further than the built-in one; the built-in
/// one otherwise, and also (with a warning on standard error, never a dead
/// tool) when the fetched one cannot be read. With where it comes from, in
/// words.
#[expect(
    clippy::print_stderr,
    reason = "a warning about the fetched table, said before the result"
)]
pub fn default_history() -> Result<(RateTable, String)> {
    let builtin = RateTable::builtin()?;
    if let Some(path) = updated_table_path().filter(|p| p.exists()) {
        match table_file(&path) {
            Ok((table, _)) if table.last_date() > builtin.last_date() => {
                return Ok((
                    table,
                    format!("{} (fetched by `dealcalc rates update`)", path.display()),
                ));
            }
            Ok(_) => {}
            Err(e) => eprintln!(
                "warning: the table `rates update` fetched ({}) cannot be read ({}): \
                 using the built-in one; `dealcalc rates update --rollback` restores the one \
                 before it",
                path.display(),
                e.message()
            ),
        }
    }
    Ok((builtin, builtin_name()))
}

fn builtin_name() -> String {
    "built in (rates/ecb.toml)".to_owned()
}

/// The table `rates update` fetched, asked for by name: an error when
/// there is none or it cannot be read.
fn fetched_table() -> Result<(RateTable, String)> {
    let path = updated_table_path().filter(|p| p.exists()).ok_or_else(|| {
        Error::invalid("there is no fetched table: `--rates fetched` names the one `dealcalc rates update` keeps")
            .with(None, Some("run `dealcalc rates update`, or use `--rates builtin`".into()))
    })?;
    let (table, _) = table_file(&path)?;
    Ok((
        table,
        format!("{} (fetched by `dealcalc rates update`)", path.display()),
    ))
}

/// The rate tables given with `--rates` (or, without any,
/// `DEALCALC_RATES`, a `:`-separated list), layered, later ones winning;
/// `builtin` names the table shipped in the binary, `fetched` the one
/// `rates update` keeps. Without either, [`default_history`]. With where
/// the table comes from, in words.
pub fn load_rates(paths: &[std::path::PathBuf]) -> Result<(RateTable, String)> {
    let from_env: Vec<std::path::PathBuf>;
    let paths = if paths.is_empty() {
        from_env = std::env::var("DEALCALC_RATES")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.split(':').map(std::path::PathBuf::from).collect())
            .unwrap_or_default();
        &from_env
    } else {
        paths
    };
    if paths.is_empty() {
        return default_history();
    }
    let mut tables = Vec::with_capacity(paths.len());
    let mut names = Vec::with_capacity(paths.len());
    for p in paths {
        let (table, name) = if p.as_os_str() == BUILTIN {
            (RateTable::builtin()?, builtin_name())
        } else if p.as_os_str() == FETCHED {
            fetched_table()?
        } else {
            tables.push(table_file(p)?);
            names.push(p.display().to_string());
            continue;
        };
        tables.push((table, Input::new(p.display().to_string(), "")));
        names.push(name);
    }
    Ok((layer(tables)?, names.join(", then ")))
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
