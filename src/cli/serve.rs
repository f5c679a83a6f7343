//! `dealcalc serve`: the page and the JSON API.
//!
//! A request becomes the command line it stands for, parsed by the same
//! `clap` definitions and run by the same code, so `POST /api/convert
//! {"amount": "$100M", "to": "EUR", "on": "2025-07-08"}` answers exactly
//! what `dealcalc convert '$100M' --to EUR --on 2025-07-08 --format json`
//! prints. A body's fields are the command's own arguments, found in its
//! `clap` definition (a positional one by its name, a switch as `true`, a
//! repeatable one as a list): no second list of fields to drift from the
//! first. Nothing a request says names a file: an argument that takes a
//! path (`--rates`, `--output`, `--batch`, `--index`) is not a field, and a
//! posted scenario's `rates = [...]` is refused. The rate tables are
//! loaded once, when the server starts.
//!
//! Bad input is a 400 carrying the command's JSON error (`message`, `file`,
//! `line`, `column`, `text`, `hint`); a body over 1 MiB a 413.
//!
//! The server cannot be crashed, exhausted or held open by a stranger:
//! - connections: at most [`connection_cap`] at once (960 under `ulimit -n
//!   1024`), the oldest closed to make room for a new one (an idle crowd can neither use up the
//!   process's files nor lock out a client); headers must arrive within
//!   the time limit, which also closes a
//!   keep-alive connection left idle; a body within it too (`--timeout`,
//!   10 seconds by default);
//! - computation runs on two bounded lanes of threads, a quick one
//!   (convert, valuation, adjust) and one for scenarios, offers and
//!   rounds, so that heavy requests never hold up a conversion; a full
//!   queue answers 503 with `Retry-After`; a request past the time limit
//!   answers 503 and its work is stopped ([`dealcalc::cancel`]), freeing
//!   its thread, as is the work of a request whose client went away;
//! - only this server's address is answered (`Host`, against DNS
//!   rebinding), a cross-site request is refused (`Origin`, unless
//!   `--allow-origin` names it), and a JSON body must say
//!   `application/json`;
//! - Ctrl-C stops accepting and gives open connections [`SHUTDOWN_GRACE`]
//!   to finish, never waiting on a slow client.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{RecvTimeoutError, SyncSender, TrySendError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clap::{ArgAction, CommandFactory as _, Parser as _};
use serde_json::Value;

use dealcalc::cancel::{self, Cancel};
use dealcalc::diagnostic;
use dealcalc::error::{Error, Input, Result};
use dealcalc::rates::RateTable;
use dealcalc::report;

use super::{Cli, Command, Global, Output, scenario};

/// The largest body a request may carry.
const MAX_BODY: usize = 1 << 20;
/// Connections open at once at most, whatever the limit of open files:
/// past the cap the oldest is closed to make room, so that a crowd of
/// idle or half-sent connections never locks out a new client.
const MAX_CONNECTIONS: usize = 4096;
/// Open files kept for everything but connections (the tables, the
/// terminal, the threads' own).
const SPARE_FILES: usize = 64;

/// How many connections may be open at once: [`MAX_CONNECTIONS`], or
/// fewer under a lower limit of open files (960 under the common `ulimit
/// -n 1024`), so that a crowd never uses up the process's files.
fn connection_cap() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|n| n.parse::<usize>().ok())
        })
        .unwrap_or(1024);
    soft.saturating_sub(SPARE_FILES).clamp(64, MAX_CONNECTIONS)
}
/// How long open connections may finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// Requests that may wait for a thread of the heavy lane (each up to the
/// time limit of work); more answer 503.
const HEAVY_QUEUE: usize = 32;
/// Requests that may wait for a thread of the quick lane: each is well
/// under a millisecond of work, so a crowd of clients queues rather than
/// being turned away.
const QUICK_QUEUE: usize = 4096;
/// The stack of a lane's threads (the library never recurses deep: its
/// expressions are limited; this is headroom, not a need).
const STACK: usize = 8 << 20;

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
    /// A web origin allowed to call the API from its pages, such as
    /// `http://localhost:3000` (repeatable); others are refused.
    #[arg(long, value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Seconds a client has to send a request's headers (and a keep-alive
    /// connection may sit idle), to send its body, and a request may
    /// compute: from 1 to 300.
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    timeout: u64,
}

/// How long a lane's thread waits, idle after a job, before the
/// allocator gives back what the jobs freed ([`super::memory`]).
const IDLE: std::time::Duration = std::time::Duration::from_millis(500);

/// A unit of work for a lane.
type Job = Box<dyn FnOnce() + Send>;

/// Threads that run requests, with a bounded queue in front.
#[derive(Clone)]
struct Lane {
    jobs: SyncSender<Job>,
}

impl Lane {
    /// `threads` threads taking jobs from a queue of `waiting`.
    fn start(name: &str, threads: usize, waiting: usize) -> Result<Lane> {
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(waiting);
        let queue = Arc::new(std::sync::Mutex::new(queue));
        // Moments of idleness left before the allocator gives back what
        // the lane's jobs freed: 2 after a job, 0 once it has.
        let worked = Arc::new(AtomicU8::new(0));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            let worked = Arc::clone(&worked);
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .stack_size(STACK)
                .spawn(move || {
                    loop {
                        // The thread that holds the queue waits for the
                        // next job, looking up every moment: idle after
                        // any job of the lane, it has the allocator give
                        // back what the jobs freed.
                        let job = match queue.lock() {
                            Ok(q) => match q.recv_timeout(IDLE) {
                                Err(RecvTimeoutError::Timeout) => {
                                    drop(q);
                                    // A full moment after the last job,
                                    // its answer is written and freed.
                                    let left = worked.load(Ordering::Relaxed);
                                    if left > 0
                                        && worked
                                            .compare_exchange(
                                                left,
                                                left - 1,
                                                Ordering::Relaxed,
                                                Ordering::Relaxed,
                                            )
                                            .is_ok()
                                        && left == 1
                                    {
                                        super::memory::give_back();
                                    }
                                    continue;
                                }
                                other => other.map_err(|_| ()),
                            },
                            Err(_) => break,
                        };
                        let Ok(job) = job else { break };
                        // A job that panicked (a bug) must not take the
                        // thread with it: its request answers 500.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        worked.store(2, Ordering::Relaxed);
                    }
                })
                .map_err(|e| Error::invalid(format!("cannot start the server's threads: {e}")))?;
        }
        Ok(Lane { jobs })
    }
}

/// What every request shares: the rate tables, loaded once, the lanes,
/// and who may call.
#[derive(Clone)]
struct Shared {
    table: Arc<RateTable>,
    quick: Lane,
    heavy: Lane,
    /// `Host` values that name this server.
    hosts: Arc<Vec<String>>,
    /// Origins allowed besides this server's own.
    origins: Arc<Vec<String>>,
    /// The time limit of each stage of a request.
    timeout: Duration,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Error::invalid(format!("`{}` is not an address", args.addr)).with(
            None,
            Some("an IP address and a port: `127.0.0.1:8080`".into()),
        )
    })?;
    for origin in &args.allow_origin {
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.ends_with('/')
        {
            return Err(
                Error::invalid(format!("--allow-origin `{origin}` is not an origin")).with(
                    None,
                    Some(
                        "an origin is a scheme, a host and a port: `http://localhost:3000`".into(),
                    ),
                ),
            );
        }
    }
    let table = g.rates()?;
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let quick = Lane::start("quick", 2, QUICK_QUEUE)?;
    let heavy = Lane::start("heavy", cores.max(1), HEAVY_QUEUE)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::invalid(format!("cannot start the server: {e}")))?;
    let origins = Arc::new(args.allow_origin.clone());
    let timeout = Duration::from_secs(args.timeout);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
        let shared = Shared {
            table,
            quick,
            heavy,
            hosts: Arc::new(hosts_of(bound)),
            origins,
            timeout,
        };
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "dealcalc serves http://{bound}/ (Ctrl-C stops it)");
            let _ = out.flush();
        }
        accept(listener, app(shared), timeout).await;
        Ok::<(), Error>(())
    })?;
    // Threads still computing are stopped with the process.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(Output::done(String::new()))
}

/// The `Host` values a request to `bound` may carry: the address itself,
/// and `localhost` for a loopback one; none to check when it listens on
/// every address (the user chose to be reached by any name).
fn hosts_of(bound: SocketAddr) -> Vec<String> {
    let port = bound.port();
    if bound.ip().is_unspecified() {
        return Vec::new();
    }
    let mut hosts = vec![bound.to_string()];
    if bound.ip().is_loopback() {
        hosts.push(format!("localhost:{port}"));
        hosts.push(format!("127.0.0.1:{port}"));
        hosts.push(format!("[::1]:{port}"));
    }
    hosts
}

/// Open connections, oldest first, each with what stops it.
#[derive(Default)]
struct Open {
    next: u64,
    list: std::collections::VecDeque<(u64, tokio::task::AbortHandle)>,
}

/// Accepts connections until Ctrl-C, at most [`MAX_CONNECTIONS`] at once
/// (the oldest closed to make room), each with its timeouts; then gives
/// the open ones [`SHUTDOWN_GRACE`].
async fn accept(listener: tokio::net::TcpListener, router: Router, timeout: Duration) {
    let cap = connection_cap();
    let open = Arc::new(std::sync::Mutex::new(Open::default()));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let stream = tokio::select! {
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of files or memory for a moment: close the oldest
                // connection, wait, then go on.
                Err(_) => {
                    if let Ok(mut open) = open.lock()
                        && let Some((_, oldest)) = open.list.pop_front()
                    {
                        oldest.abort();
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut stopping = stopping.clone();
        let registry = Arc::clone(&open);
        let (id_tx, id_rx) = tokio::sync::oneshot::channel::<u64>();
        let task = tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopping.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(SHUTDOWN_GRACE, connection).await;
                }
            }
            if let (Ok(id), Ok(mut open)) = (id_rx.await, registry.lock()) {
                open.list.retain(|(k, _)| *k != id);
            }
        });
        if let Ok(mut open) = open.lock() {
            while open.list.len() >= cap {
                if let Some((_, oldest)) = open.list.pop_front() {
                    oldest.abort();
                }
            }
            let id = open.next;
            open.next += 1;
            open.list.push_back((id, task.abort_handle()));
            let _ = id_tx.send(id);
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE + Duration::from_millis(200);
    while tokio::time::Instant::now() < deadline
        && open.lock().map(|o| !o.list.is_empty()).unwrap_or(false)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if let Ok(mut open) = open.lock() {
        for (_, task) in open.list.drain(..) {
            task.abort();
        }
    }
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
        .route("/api/scan", post(scan_article))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Who may call, and how: this server's `Host`, no other site's
/// `Origin` (unless allowed), JSON bodies said to be JSON.
async fn guard(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !shared.hosts.is_empty() && !shared.hosts.contains(&host) {
        return problem(
            StatusCode::FORBIDDEN,
            &format!(
                "this server answers as {}, not as `{host}`",
                shared.hosts.first().map_or("", String::as_str)
            ),
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let same = origin == format!("http://{host}");
        if !same && !shared.origins.iter().any(|o| o == origin) {
            return problem(
                StatusCode::FORBIDDEN,
                &format!(
                    "a page of `{origin}` may not call this server (start it with --allow-origin {origin} to allow it)"
                ),
            );
        }
    }
    let path = request.uri().path();
    let json_api =
        path.starts_with("/api/") && !matches!(path, "/api/eval" | "/api/check" | "/api/scan");
    if request.method() == axum::http::Method::POST && json_api {
        let kind = content_type(headers);
        if kind != "application/json" {
            return problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!(
                    "the body must be sent as `application/json`, not `{}`",
                    if kind.is_empty() {
                        "(none)"
                    } else {
                        kind.as_str()
                    }
                ),
            );
        }
    }
    if request.method() == axum::http::Method::POST && path == "/api/scan" {
        let kind = content_type(headers);
        if !matches!(
            kind.as_str(),
            "" | "text/plain" | "text/markdown" | "text/html" | "application/octet-stream"
        ) {
            return problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!(
                    "an article is sent as `text/plain`, `text/markdown` or `text/html`, not `{kind}`"
                ),
            );
        }
    }
    if request.method() == axum::http::Method::POST && matches!(path, "/api/eval" | "/api/check") {
        let kind = content_type(headers);
        if !matches!(
            kind.as_str(),
            "" | "application/toml" | "text/plain" | "text/x-toml" | "application/octet-stream"
        ) {
            return problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!("a scenario is sent as `application/toml` or `text/plain`, not `{kind}`"),
            );
        }
    }
    let mut response = next.run(request).await;
    if let Some(origin) = response_origin(&shared, &host) {
        response
            .headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
}

/// The media type of a request's body, without its parameters.
fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The one allowed origin, for a page of it to read the answer.
fn response_origin(shared: &Shared, _host: &str) -> Option<HeaderValue> {
    match shared.origins.as_slice() {
        [one] => HeaderValue::from_str(one).ok(),
        _ => None,
    }
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

async fn convert(s: State<Shared>, q: Options, body: Body) -> Response {
    command(s, q, body, "convert").await
}
async fn valuation(s: State<Shared>, q: Options, body: Body) -> Response {
    command(s, q, body, "valuation").await
}
async fn offer(s: State<Shared>, q: Options, body: Body) -> Response {
    command(s, q, body, "offer").await
}
async fn adjust(s: State<Shared>, q: Options, body: Body) -> Response {
    command(s, q, body, "adjust").await
}
async fn round(s: State<Shared>, q: Options, body: Body) -> Response {
    command(s, q, body, "round").await
}
async fn eval(s: State<Shared>, q: Options, body: Body) -> Response {
    posted_scenario(s, q, body, false).await
}
async fn check(s: State<Shared>, q: Options, body: Body) -> Response {
    posted_scenario(s, q, body, true).await
}

/// The body, whole, within the time limit and [`MAX_BODY`].
async fn read_body(body: Body, timeout: Duration) -> std::result::Result<Bytes, Response> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY)).await {
        Err(_) => Err(problem(
            StatusCode::REQUEST_TIMEOUT,
            &format!(
                "the body took longer than {} seconds to arrive",
                timeout.as_secs()
            ),
        )),
        Ok(Err(_)) => Err(problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the body is over 1 MiB, the most a request may carry",
        )),
        Ok(Ok(bytes)) => Ok(bytes),
    }
}

/// A JSON body of fields, run as the command line it stands for.
async fn command(
    State(shared): State<Shared>,
    Query(options): Options,
    body: Body,
    name: &'static str,
) -> Response {
    let body = match read_body(body, shared.timeout).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let format = format_of(&options, &body);
    let lane = if matches!(name, "convert" | "valuation" | "adjust") {
        shared.quick.clone()
    } else {
        shared.heavy.clone()
    };
    compute(&lane, shared.timeout, format, Some(name), move || {
        let request: Value = serde_json::from_slice(&body).map_err(|e| {
            Error::invalid(format!("the body is not JSON: {e}")).with(
                None,
                Some(format!(
                    "a JSON object of fields: {}",
                    fields(name).join(", ")
                )),
            )
        })?;
        let Value::Object(map) = request else {
            return Err(Error::invalid("the body must be a JSON object of fields"));
        };
        if let Some((key, _)) = options.iter().find(|(k, _)| map.contains_key(k)) {
            return Err(Error::invalid(format!(
                "`{key}` is given both in the query string and in the body"
            ))
            .with(None, Some(format!("give `{key}` once, in either"))));
        }
        let body = flags(name, map.iter().map(|(k, v)| (k.as_str(), v.clone())))?;
        let query: Vec<(&str, Value)> = options
            .iter()
            .map(|(k, v)| (k.as_str(), Value::String(v.clone())))
            .collect();
        let default = if !map.contains_key("format") && !options.iter().any(|(k, _)| k == "format")
        {
            &["--format=json"][..]
        } else {
            &[]
        };
        let argv = body.argv(name, flags(name, query)?, default);
        let cli = parse(&argv, &shared)?;
        super::run(&cli)
    })
    .await
}

/// A scenario's TOML as the body.
async fn posted_scenario(
    State(shared): State<Shared>,
    Query(options): Options,
    body: Body,
    claims_only: bool,
) -> Response {
    let body = match read_body(body, shared.timeout).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let format = format_of(&options, b"");
    let lane = shared.heavy.clone();
    compute(&lane, shared.timeout, format, None, move || {
        let text = String::from_utf8(body.to_vec()).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid =
                String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or_default()).into_owned();
            Error::invalid(format!(
                "the scenario is not UTF-8 text (invalid byte at offset {at})"
            ))
            .with(Some(at..at), Some("send the scenario as UTF-8".into()))
            .at(&Input::new("scenario.toml", valid), 0)
        })?;
        let input = Input::new("scenario.toml", text);
        let name = if claims_only { "check" } else { "eval" };
        let cli = parse(&posted_argv(name, &options, "scenario.toml")?, &shared)?;
        match &cli.command {
            Command::Eval(args) | Command::Check(args) => {
                scenario::run_posted(&input, &cli.global, claims_only, args)
            }
            _ => Err(Error::invalid("not a scenario command")),
        }
    })
    .await
}

/// The command line of a request whose body is a file (a scenario, an
/// article): the query's options, JSON unless it asks for a format, and
/// the file's name.
fn posted_argv(command: &str, options: &[(String, String)], file: &str) -> Result<Vec<String>> {
    let query = options
        .iter()
        .map(|(k, v)| (k.as_str(), Value::String(v.clone())));
    let mut tail = vec![file];
    if !options.iter().any(|(k, _)| k == "format") {
        tail.insert(0, "--format=json");
    }
    Ok(flags(command, query)?.argv(command, Flags::default(), &tail))
}

/// An article posted as the body (`?date=`, `?lang=`, `?format=`),
/// scanned on the server's tables: HTML when its type says so or it looks
/// like a page, else text.
async fn scan_article(
    State(shared): State<Shared>,
    Query(options): Options,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let body = match read_body(body, shared.timeout).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let format = format_of(&options, b"");
    let name = match content_type(&headers).as_str() {
        "text/html" => "article.html",
        "text/markdown" => "article.md",
        _ => "article.txt",
    };
    let lane = shared.heavy.clone();
    compute(&lane, shared.timeout, format, None, move || {
        let cli = parse(&posted_argv("scan", &options, name)?, &shared)?;
        match &cli.command {
            Command::Scan(args) => super::scan::run_posted(name, &body, &cli.global, args),
            _ => Err(Error::invalid("not the scan command")),
        }
    })
    .await
}

/// The arguments a request may give for `command` ("" for the global
/// ones alone): the command's own and the global options, by their
/// `clap` ids, but for any that names a file or is `serve`'s.
fn arguments(command: &str) -> Vec<clap::Arg> {
    let cli = Cli::command();
    let own: Vec<clap::Arg> = cli
        .find_subcommand(command)
        .map(|c| c.get_arguments().cloned().collect())
        .unwrap_or_default();
    own.into_iter()
        .chain(cli.get_arguments().cloned())
        .filter(|a| {
            !matches!(
                a.get_value_hint(),
                clap::ValueHint::FilePath | clap::ValueHint::DirPath | clap::ValueHint::AnyPath
            ) && !matches!(a.get_id().as_str(), "help" | "version" | "quiet")
        })
        .collect()
}

/// An error about a JSON body's fields worded with the fields' names, not
/// the flags they stand for: `--pool-after` becomes `pool_after`, in the
/// message and the hint alike.
fn name_fields(command: &str, body: &mut Value) {
    let mut names: Vec<(String, String)> = arguments(command)
        .iter()
        .filter_map(|a| {
            let long = a.get_long()?;
            Some((format!("--{long}"), a.get_id().as_str().to_owned()))
        })
        .collect();
    // `--pool-after` before `--pool`.
    names.sort_by_key(|(flag, _)| std::cmp::Reverse(flag.len()));
    for key in ["message", "hint"] {
        if let Some(Value::String(text)) = body.pointer_mut(&format!("/error/{key}")) {
            for (flag, field) in &names {
                *text = text.replace(flag.as_str(), field);
            }
        }
    }
}

/// The fields a command's body takes, for hints.
fn fields(command: &str) -> Vec<String> {
    let mut names: Vec<String> = arguments(command)
        .iter()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    names.dedup();
    names
}

/// The flags fields stand for: a switch (`true`), a repeatable field (a
/// list, one flag a string), a positional argument (at the end, after
/// `--`), or a value.
fn flags<'a>(
    command: &str,
    fields_given: impl IntoIterator<Item = (&'a str, Value)>,
) -> Result<Flags> {
    let known = arguments(command);
    let mut out = Vec::new();
    let mut positional = Vec::new();
    for (key, value) in fields_given {
        let Some(arg) = known.iter().find(|a| a.get_id().as_str() == key) else {
            let what = if command.is_empty() {
                "an option"
            } else {
                "a field"
            };
            return Err(
                Error::invalid(format!("`{key}` is not {what} of this request")).with(
                    None,
                    Some(format!("the fields: {}", fields(command).join(", "))),
                ),
            );
        };
        let switch = matches!(arg.get_action(), ArgAction::SetTrue);
        let repeatable = matches!(arg.get_action(), ArgAction::Append);
        let flag = format!("--{}", arg.get_long().unwrap_or(key));
        let text = |v: &Value| -> Result<String> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(Error::invalid(format!("`{key}` must be a string"))),
            }
        };
        match value {
            Value::Null => {}
            Value::Bool(b) if switch => {
                if b {
                    out.push(flag);
                }
            }
            Value::String(s) if switch => match s.as_str() {
                "" | "true" | "1" => out.push(flag),
                "false" | "0" => {}
                _ => return Err(Error::invalid(format!("`{key}` must be true or false"))),
            },
            _ if switch => return Err(Error::invalid(format!("`{key}` must be true or false"))),
            Value::Array(items) if repeatable => {
                for item in &items {
                    out.push(format!("{flag}={}", text(item)?));
                }
            }
            Value::Bool(_) => {
                return Err(Error::invalid(format!(
                    "`{key}` must be a string, not true or false"
                )));
            }
            Value::Array(_) | Value::Object(_) => {
                return Err(Error::invalid(format!(
                    "`{key}` must be {}",
                    if repeatable {
                        "a string or a list of strings"
                    } else {
                        "a string"
                    }
                )));
            }
            v if arg.is_positional() => positional.push(text(&v)?),
            v => out.push(format!("{flag}={}", text(&v)?)),
        }
    }
    Ok(Flags {
        flags: out,
        positional,
    })
}

/// A request's fields as a command line: its flags, and its positional
/// arguments, which go last, after `--`.
#[derive(Default)]
struct Flags {
    flags: Vec<String>,
    positional: Vec<String>,
}

impl Flags {
    /// `dealcalc COMMAND` with these flags, then `more`, then the
    /// positional arguments.
    fn argv(self, command: &str, more: Flags, tail: &[&str]) -> Vec<String> {
        let mut argv = vec!["dealcalc".to_owned(), command.to_owned()];
        argv.extend(self.flags);
        argv.extend(more.flags);
        argv.extend(tail.iter().map(|t| (*t).to_owned()));
        let positional: Vec<String> = self.positional.into_iter().chain(more.positional).collect();
        if !positional.is_empty() {
            argv.push("--".to_owned());
            argv.extend(positional);
        }
        argv
    }
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

/// The format asked for, in the query or a JSON body's `format`, for the
/// response's content type.
fn format_of(options: &[(String, String)], body: &[u8]) -> String {
    let in_body = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("format").and_then(Value::as_str).map(str::to_owned));
    options
        .iter()
        .rev()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.clone())
        .or(in_body)
        .unwrap_or_else(|| "json".to_owned())
}

/// Raises a flag when dropped: a request given up (its client gone, its
/// connection closed) stops its work too.
struct StopOnDrop(Cancel);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs a request on a lane's thread, within the time limit; past it, or
/// when the request is dropped, the work is stopped.
async fn compute<F>(
    lane: &Lane,
    timeout: Duration,
    format: String,
    fields_of: Option<&'static str>,
    work: F,
) -> Response
where
    F: FnOnce() -> Result<Output> + Send + 'static,
{
    let flag = Cancel::new();
    let (answer, answered) = tokio::sync::oneshot::channel();
    let running = flag.clone();
    let job: Job = Box::new(move || {
        let out = cancel::scope(&running, work);
        let _ = answer.send(out);
    });
    match lane.jobs.try_send(job) {
        Ok(()) => {}
        Err(TrySendError::Full(_)) => {
            let mut response = problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy: try again in a moment",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        Err(TrySendError::Disconnected(_)) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server's threads have stopped",
            );
        }
    }
    let _stop = StopOnDrop(flag);
    let outcome = tokio::time::timeout(timeout, answered).await;
    match outcome {
        Err(_) => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!(
                "the request took longer than {} seconds, and was stopped",
                timeout.as_secs()
            ),
        ),
        Ok(Err(_)) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed inside the server (a bug: please report it with the request)",
        ),
        Ok(Ok(Err(e))) => {
            let mut body = diagnostic::to_json(&e);
            if let Some(command) = fields_of {
                name_fields(command, &mut body);
            }
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                report::json::to_string(&body),
            )
                .into_response()
        }
        Ok(Ok(Ok(out))) => {
            let content_type = match format.as_str() {
                "svg" => "image/svg+xml",
                "csv" => "text/csv; charset=utf-8",
                "markdown" | "md" => "text/markdown; charset=utf-8",
                "text" => "text/plain; charset=utf-8",
                _ => "application/json",
            };
            let mut response =
                ([(header::CONTENT_TYPE, content_type)], out.parts.concat()).into_response();
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
