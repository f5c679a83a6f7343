//! `dealcalc serve`: the page and the JSON API.
//!
//! A request becomes the command line it stands for, parsed by the same
//! `clap` definitions and run by the same code, so `POST /api/convert
//! {"amount": "$100M", "to": "EUR", "on": "2025-07-08"}` answers exactly
//! what `dealcalc convert '$100M' --to EUR --on 2025-07-08 --format json`
//! prints. Only the fields a command's inputs need are taken: nothing a
//! request says names a file (`--rates`, `--output`, `--batch`, `--index`
//! have no field, and a posted scenario's `rates = [...]` is refused). The
//! rate tables are loaded once, when the server starts.
//!
//! Bad input is a 400 carrying the command's JSON error (`message`, `file`,
//! `line`, `column`, `text`, `hint`); a body over 1 MiB a 413; a request
//! still computing after 10 seconds a 503. Each request runs on a blocking
//! thread, so a slow one never holds up the others.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clap::Parser as _;
use serde_json::Value;

use dealcalc::diagnostic;
use dealcalc::error::{Error, Input, Result};
use dealcalc::rates::RateTable;
use dealcalc::report;

use super::{Cli, Command, Global, Output, scenario};

/// The largest body a request may carry.
const MAX_BODY: usize = 1 << 20;
/// How long a request may compute.
const TIMEOUT: Duration = Duration::from_secs(10);

const PAGE: &str = include_str!("serve/index.html");
/// The README's scenario, in the editor when the page opens.
const SCENARIO: &str = include_str!("../../scenarios/ai-talent-war-2025.toml");
const OPENAPI: &str = include_str!("serve/openapi.json");

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to listen (loopback unless told otherwise; port 0 picks a
    /// free port, printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
}

/// What every request shares: the rate tables, loaded once.
#[derive(Clone)]
struct Shared {
    table: Arc<RateTable>,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Error::invalid(format!("`{}` is not an address", args.addr)).with(
            None,
            Some("an IP address and a port: `127.0.0.1:8080`".into()),
        )
    })?;
    let shared = Shared { table: g.rates()? };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::invalid(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "dealcalc serves http://{bound}/ (Ctrl-C stops it)");
            let _ = out.flush();
        }
        axum::serve(listener, app(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::invalid(format!("the server stopped: {e}")))
    })?;
    Ok(Output::done(String::new()))
}

fn app(shared: Shared) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/openapi.json", get(openapi))
        .route("/api/convert", post(convert))
        .route("/api/valuation", post(valuation))
        .route("/api/offer", post(offer))
        .route("/api/adjust", post(adjust))
        .route("/api/round", post(round))
        .route("/api/eval", post(eval))
        .route("/api/check", post(check))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

async fn page() -> Response {
    static FILLED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let html = FILLED.get_or_init(|| {
        let escaped = SCENARIO
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        PAGE.replace("{{SCENARIO}}", &escaped)
    });
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:"),
        ],
        html.as_str(),
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "no such page: see /api/openapi.json")
}

/// Options of presentation, from the query string: `?format=text&lang=fr`.
type Options = Query<Vec<(String, String)>>;

/// The fields each command takes from a JSON body (`amount` is the
/// positional argument), beside the presentation options every request
/// takes from the query or the body.
const CONVERT: &[&str] = &["amount", "to", "on", "from", "basis"];
const VALUATION: &[&str] = &["stake", "price", "post_money", "primary", "shares"];
const OFFER: &[&str] = &[
    "amount",
    "shares",
    "price",
    "over",
    "vesting",
    "allocation",
    "start",
    "by",
    "to",
    "on",
    "discount",
    "leave_on",
    "growth",
];
const ADJUST: &[&str] = &["amount", "from", "to"];
const ROUND: &[&str] = &[
    "name",
    "common",
    "pool",
    "safe",
    "investor",
    "amount",
    "pre_money",
    "post_money",
    "pool_after",
    "preference",
    "participating",
    "exit",
    "table",
];
/// The fields that may repeat: a list of strings, one flag each.
const REPEATABLE: &[&str] = &["common", "safe", "exit"];
/// The fields that are switches: `true` or `false`.
const SWITCHES: &[&str] = &["primary", "participating", "compact", "explain", "strict"];
const PRESENTATION: &[&str] = &[
    "format", "lang", "compact", "explain", "numbers", "rounding", "strict", "table",
];

async fn convert(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    command(s, q, body, "convert", CONVERT).await
}
async fn valuation(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    command(s, q, body, "valuation", VALUATION).await
}
async fn offer(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    command(s, q, body, "offer", OFFER).await
}
async fn adjust(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    command(s, q, body, "adjust", ADJUST).await
}
async fn round(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    command(s, q, body, "round", ROUND).await
}
async fn eval(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    posted_scenario(s, q, body, false).await
}
async fn check(s: State<Shared>, q: Options, body: Result<Bytes, BytesRejection>) -> Response {
    posted_scenario(s, q, body, true).await
}

/// A JSON body of fields, run as the command line it stands for.
async fn command(
    State(shared): State<Shared>,
    Query(options): Options,
    body: Result<Bytes, BytesRejection>,
    name: &'static str,
    fields: &'static [&'static str],
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rejection) => return rejected(&rejection),
    };
    let format = format_of(&options);
    compute(format, move || {
        let request: Value = serde_json::from_slice(&body).map_err(|e| {
            Error::invalid(format!("the body is not JSON: {e}")).with(
                None,
                Some(format!("a JSON object of fields: {}", fields.join(", "))),
            )
        })?;
        let Value::Object(map) = request else {
            return Err(Error::invalid("the body must be a JSON object of fields"));
        };
        let mut argv = vec!["dealcalc".to_owned(), name.to_owned()];
        let mut positional = None;
        for (key, value) in &map {
            if !fields.contains(&key.as_str()) && !PRESENTATION.contains(&key.as_str()) {
                return Err(Error::invalid(format!("`{key}` is not a field of {name}"))
                    .with(None, Some(format!("the fields: {}", fields.join(", ")))));
            }
            let switch = SWITCHES.contains(&key.as_str());
            let text = match value {
                Value::Null | Value::Bool(false) if switch => continue,
                Value::Null => continue,
                Value::Bool(true) if switch => None,
                Value::Bool(_) => {
                    return Err(Error::invalid(format!(
                        "`{key}` must be a string, not true or false"
                    )));
                }
                Value::String(_) | Value::Number(_) if switch => {
                    return Err(Error::invalid(format!("`{key}` must be true or false")));
                }
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                // A repeatable field's list: one flag a string.
                Value::Array(items) if REPEATABLE.contains(&key.as_str()) => {
                    let flag = format!("--{}", key.replace('_', "-"));
                    for item in items {
                        let text = match item {
                            Value::String(s) => s.clone(),
                            Value::Number(n) => n.to_string(),
                            _ => {
                                return Err(Error::invalid(format!(
                                    "`{key}` must be a list of strings"
                                )));
                            }
                        };
                        argv.push(format!("{flag}={text}"));
                    }
                    continue;
                }
                Value::Array(_) | Value::Object(_) => {
                    return Err(Error::invalid(format!(
                        "`{key}` must be {}",
                        if switch { "true or false" } else { "a string" }
                    )));
                }
            };
            // `amount` is the positional argument, except for `round`,
            // where it is the new money (`--amount`).
            if key == "amount" && name != "round" {
                positional = Some(text.unwrap_or_default());
                continue;
            }
            let flag = format!("--{}", key.replace('_', "-"));
            argv.push(match text {
                Some(t) => format!("{flag}={t}"),
                None => flag,
            });
        }
        argv.extend(presentation(&options)?);
        if let Some(amount) = positional {
            argv.push("--".to_owned());
            argv.push(amount);
        }
        let cli = parse(&argv, &shared)?;
        super::run(&cli)
    })
    .await
}

/// A scenario's TOML as the body.
async fn posted_scenario(
    State(shared): State<Shared>,
    Query(options): Options,
    body: Result<Bytes, BytesRejection>,
    claims_only: bool,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rejection) => return rejected(&rejection),
    };
    let format = format_of(&options);
    compute(format, move || {
        let text = String::from_utf8(body.to_vec()).map_err(|e| {
            Error::invalid(format!(
                "the scenario is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let input = Input::new("scenario.toml", text);
        let mut argv = vec![
            "dealcalc".to_owned(),
            if claims_only { "check" } else { "eval" }.to_owned(),
        ];
        argv.extend(presentation(&options)?);
        argv.push("scenario.toml".to_owned());
        let cli = parse(&argv, &shared)?;
        match &cli.command {
            Command::Eval(args) | Command::Check(args) => {
                scenario::run_posted(&input, &cli.global, claims_only, args)
            }
            _ => Err(Error::invalid("not a scenario command")),
        }
    })
    .await
}

/// The query's presentation options as flags (a value of `true`, or
/// none, is a switch), with `--format=json` unless a format is asked for.
fn presentation(options: &[(String, String)]) -> Result<Vec<String>> {
    let mut flags = Vec::new();
    for (key, value) in options {
        if !PRESENTATION.contains(&key.as_str()) {
            return Err(Error::invalid(format!("`{key}` is not an option")).with(
                None,
                Some(format!("the options: {}", PRESENTATION.join(", "))),
            ));
        }
        let flag = format!("--{key}");
        match value.as_str() {
            "" | "true" | "1" if matches!(key.as_str(), "compact" | "explain" | "strict") => {
                flags.push(flag);
            }
            "false" | "0" if matches!(key.as_str(), "compact" | "explain" | "strict") => {}
            v => flags.push(format!("{flag}={v}")),
        }
    }
    if !options.iter().any(|(k, _)| k == "format") {
        flags.push("--format=json".to_owned());
    }
    Ok(flags)
}

/// The command line, parsed as the CLI parses it, run on the server's
/// tables, never coloured.
fn parse(argv: &[String], shared: &Shared) -> Result<Cli> {
    let mut cli = Cli::try_parse_from(argv).map_err(|e| {
        let text = e.render().to_string();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let rest: Vec<&str> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Usage") && !l.starts_with("For more"))
            .collect();
        let error = Error::invalid(first.trim_start_matches("error: ").to_owned());
        if rest.is_empty() {
            error
        } else {
            error.with(None, Some(rest.join(" ")))
        }
    })?;
    if matches!(cli.command, Command::Serve(_)) {
        return Err(Error::invalid("not a command the server runs"));
    }
    cli.global.loaded = Some(Arc::clone(&shared.table));
    cli.global.plain = true;
    Ok(cli)
}

/// The format asked for, for the response's content type.
fn format_of(options: &[(String, String)]) -> String {
    options
        .iter()
        .rev()
        .find(|(k, _)| k == "format")
        .map_or_else(|| "json".to_owned(), |(_, v)| v.clone())
}

/// Runs a request on a blocking thread, within the time limit.
async fn compute<F>(format: String, work: F) -> Response
where
    F: FnOnce() -> Result<Output> + Send + 'static,
{
    let task = tokio::task::spawn_blocking(work);
    match tokio::time::timeout(TIMEOUT, task).await {
        Err(_) => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took longer than 10 seconds",
        ),
        Ok(Err(_)) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed inside the server (a bug: please report it with the request)",
        ),
        Ok(Ok(Err(e))) => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            report::json::to_string(&diagnostic::to_json(&e)),
        )
            .into_response(),
        Ok(Ok(Ok(out))) => {
            let content_type = match format.as_str() {
                "svg" => "image/svg+xml",
                "csv" => "text/csv; charset=utf-8",
                "markdown" | "md" => "text/markdown; charset=utf-8",
                "text" => "text/plain; charset=utf-8",
                _ => "application/json",
            };
            let mut response = ([(header::CONTENT_TYPE, content_type)], out.text).into_response();
            response.headers_mut().insert(
                "x-dealcalc-exit-code",
                HeaderValue::from(u16::from(out.code)),
            );
            response
        }
    }
}

/// An error that is not about the input's text, in the shape of every
/// other: `{"error": {"message": ..., "line": null, ...}}`.
fn problem(status: StatusCode, message: &str) -> Response {
    let body = diagnostic::to_json(&Error::invalid(message.to_owned()));
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        report::json::to_string(&body),
    )
        .into_response()
}

/// A body the server would not take: too large, or unreadable.
fn rejected(rejection: &BytesRejection) -> Response {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        problem(
            status,
            "the body is over 1 MiB, the most a request may carry",
        )
    } else {
        problem(status, &rejection.body_text())
    }
}
