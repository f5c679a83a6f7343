//! `dealcalc scan`: articles in, their figures related and checked.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use dealcalc::error::{Error, Result};
use dealcalc::report::ScanReport;
use dealcalc::scan::{self, Article, Language, Options, Scan};

use super::{Global, Output};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Articles (text, Markdown or HTML), folders of them, or `-` for
    /// standard input.
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::AnyPath)]
    files: Vec<PathBuf>,
    /// The articles' date, over their metadata and dateline: conversions
    /// are checked at the rates of this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<chrono::NaiveDate>,
    /// Instead of the report, write the scenario of the deals and claims
    /// found (TOML), which `dealcalc check` evaluates to the same verdicts.
    #[arg(long, value_name = "WHAT", value_parser = ["scenario"])]
    emit: Option<String>,
}

/// The files a path names: itself, or a folder's articles (`.txt`, `.md`,
/// `.html`, `.htm`), sorted, one level down.
fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    if path.as_os_str() == "-" || !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        Error::invalid(format!(
            "cannot read the folder `{}`: {}",
            path.display(),
            super::files::io_message(&e)
        ))
    })?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                matches!(
                    x.to_lowercase().as_str(),
                    "txt" | "md" | "markdown" | "html" | "htm"
                )
            })
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The article's bytes, at most one byte over the limit (so that a larger
/// one is refused without reading it whole).
fn read_bytes(path: &Path) -> Result<(String, Vec<u8>)> {
    let limit = scan::MAX_ARTICLE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let name = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::invalid(format!("cannot read standard input: {e}")))?;
        "<stdin>".to_owned()
    } else {
        let name = path.display().to_string();
        std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| {
                Error::invalid(format!(
                    "cannot read `{name}`: {}",
                    super::files::io_message(&e)
                ))
            })?;
        name
    };
    Ok((name, bytes))
}

/// An article's bytes read and scanned.
pub fn scan_bytes(
    name: &str,
    bytes: &[u8],
    options: &Options,
    table: &dealcalc::rates::RateTable,
) -> Result<Scan> {
    let article = Article::read(name, bytes).map_err(|e| {
        Error::invalid(format!("`{name}` {e}")).with(None, e.hint().map(str::to_owned))
    })?;
    scan::scan(&article, table, options)
}

/// Scans every article, in parallel over files; exit 1 when a relation
/// fails. An article that cannot be read does not stop the others.
pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let options = Options {
        date: args.date,
        lang: g.article_lang()?,
    };
    let mut paths = Vec::new();
    for p in &args.files {
        paths.extend(expand(p)?);
    }
    if paths.is_empty() {
        return Err(Error::invalid("no articles to scan").with(
            None,
            Some("name files, or folders holding .txt, .md or .html articles".into()),
        ));
    }
    let table = g.rates()?;
    let results = dealcalc::parallel::map(&paths, |p| {
        let (name, bytes) = read_bytes(p)?;
        scan_bytes(&name, &bytes, &options, &table)
    });
    let mut scans = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(s) => scans.push(s),
            Err(e) if paths.len() > 1 => errors.push(e),
            Err(e) => return Err(e),
        }
    }
    let code = u8::from(!scans.iter().all(Scan::passes));
    let text = if args.emit.is_some() {
        scans
            .iter()
            .map(Scan::scenario)
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        g.render(&ScanReport { scans: &scans })?
    };
    Ok(Output {
        parts: vec![text],
        code,
        errors,
    })
}

/// An article posted to the server, scanned on the server's tables.
pub fn run_posted(name: &str, bytes: &[u8], g: &Global, args: &Args) -> Result<Output> {
    let options = Options {
        date: args.date,
        lang: g.article_lang()?,
    };
    let table = g.rates()?;
    let s = scan_bytes(name, bytes, &options, &table)?;
    let code = u8::from(!s.passes());
    let scans = [s];
    let text = if args.emit.is_some() {
        scans.iter().map(Scan::scenario).collect()
    } else {
        g.render(&ScanReport { scans: &scans })?
    };
    Ok(Output {
        parts: vec![text],
        code,
        errors: Vec::new(),
    })
}

/// The languages `--lang` names for `scan`.
pub const LANGS: [&str; 6] = ["en", "fr", "de", "es", "it", "nl"];

/// The article language `--lang` names, if given.
pub fn language(code: &str) -> Option<Language> {
    code.parse().ok()
}
