//! Hostile input and load against `dealcalc serve` on 127.0.0.1: each
//! input that once crashed, exhausted or held the server, replayed, with
//! the error and the bound asserted, and a normal request answered
//! promptly after (or during) each. The server runs with `--timeout 1`,
//! so that what takes ten seconds in use takes one here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{Server, error};

/// The address of a server, for raw connections.
fn addr(s: &Server) -> String {
    s.base.trim_start_matches("http://").to_owned()
}

/// A normal request answers, and within a second.
fn answers_promptly(s: &Server) {
    let started = Instant::now();
    let (status, _, body) = s.post(
        "/api/convert",
        br#"{"amount": "$100M", "to": "EUR", "on": "2025-07-08"}"#,
    );
    assert_eq!(status, 200, "{body}");
    // 100,000,000 / 1.1718 = 85,338,795.02 (the ECB's rate of 2025-07-08).
    assert!(body.contains("\"85338795.02\""), "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

/// A raw request on its own connection: what the server answers.
fn raw(s: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(addr(s)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

/// 1,300 nested parentheses in a claim's `of` overflowed the stack and
/// aborted the whole server; now a 400 naming the limit.
#[test]
fn a_deeply_nested_expression_is_a_400() {
    let s = Server::start_with(&["--timeout", "1"]);
    let body = format!(
        "[[claims]]\nof = \"{}$1M{}\"\nsays = \"$1M\"\n",
        "(".repeat(1300),
        ")".repeat(1300)
    );
    let (status, _, answer) = s.post("/api/check", body.as_bytes());
    assert_eq!(status, 400, "{answer}");
    assert!(
        error(&answer)["message"]
            .as_str()
            .unwrap()
            .contains("more than 64 nested parentheses"),
        "{answer}"
    );
    answers_promptly(&s);
}

/// Another site's page, a rebound DNS name, or a JSON body posted as
/// text (a cross-site form can send text/plain without asking) are
/// refused; the page's own calls and scripts without an Origin are not.
#[test]
fn only_this_servers_address_and_origin_are_answered() {
    let s = Server::start_with(&["--timeout", "1"]);
    let host = addr(&s);
    let body = r#"{"amount": "$1", "to": "EUR", "on": "2025-07-08"}"#;
    let post = |headers: &str| {
        raw(
            &s,
            &format!(
                "POST /api/convert HTTP/1.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let json = "Content-Type: application/json\r\n";
    let evil_host = post(&format!("Host: evil.example:8080\r\n{json}"));
    assert!(evil_host.starts_with("HTTP/1.1 403"), "{evil_host}");
    let evil_origin = post(&format!(
        "Host: {host}\r\nOrigin: http://evil.example\r\n{json}"
    ));
    assert!(evil_origin.starts_with("HTTP/1.1 403"), "{evil_origin}");
    assert!(
        evil_origin.contains("--allow-origin http://evil.example"),
        "{evil_origin}"
    );
    let as_text = post(&format!("Host: {host}\r\nContent-Type: text/plain\r\n"));
    assert!(as_text.starts_with("HTTP/1.1 415"), "{as_text}");
    let same = post(&format!("Host: {host}\r\nOrigin: http://{host}\r\n{json}"));
    assert!(same.starts_with("HTTP/1.1 200"), "{same}");
    let script = post(&format!("Host: {host}\r\n{json}"));
    assert!(script.starts_with("HTTP/1.1 200"), "{script}");
}

/// Half-sent headers (slowloris) and a half-sent body are cut off at the
/// time limit; a crowd of idle connections past the limit of open ones
/// does not lock out a new client.
#[test]
fn slow_and_idle_connections_are_closed() {
    let s = Server::start_with(&["--timeout", "1"]);
    let host = addr(&s);
    // Headers never finished: closed after the time limit.
    let mut slow = TcpStream::connect(&host).unwrap();
    slow.write_all(b"POST /api/convert HTTP/1.1\r\nHost: ")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = slow.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "held {:?}",
        started.elapsed()
    );
    // A body that never arrives: a 408.
    let answer = raw(
        &s,
        &format!(
            "POST /api/convert HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"amount\""
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // 1,100 idle connections, more than the server keeps open: a new
    // client is still answered, at once.
    let crowd: Vec<TcpStream> = (0..1100)
        .map(|_| TcpStream::connect(&host).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    answers_promptly(&s);
    drop(crowd);
    answers_promptly(&s);
}

/// A scenario that computes for longer than the limit answers 503 and is
/// stopped: its thread is free again at once (the server used to keep a
/// core busy until restarted).
#[test]
fn long_work_is_stopped_and_its_thread_freed() {
    let s = Server::start_with(&["--timeout", "1"]);
    // 40 companies of 100 events each: minutes of waterfalls unless
    // stopped.
    let mut scenario = String::new();
    for c in 0..40 {
        scenario.push_str(&format!(
            "[companies.c{c}]\ncommon = {{ founders = 10_000_000 }}\npool = 1_000_000\n"
        ));
        for e in 0..100 {
            if e % 2 == 0 {
                scenario.push_str(&format!(
                    "[[companies.c{c}.events]]\nid = \"s{e}\"\nkind = \"safe\"\nholder = \"a{e}\"\namount = \"$100k\"\ncap = \"$50M\"\n"
                ));
            } else {
                scenario.push_str(&format!(
                    "[[companies.c{c}.events]]\nid = \"r{e}\"\nkind = \"round\"\nholder = \"f{e}\"\namount = \"$1M\"\npre_money = \"$20M\"\n"
                ));
            }
        }
        scenario.push_str(&format!(
            "[[companies.c{c}.exits]]\nid = \"x\"\nvalue = \"$80M\"\n"
        ));
    }
    let started = Instant::now();
    let (status, _, body) = s.post("/api/eval", scenario.as_bytes());
    assert_eq!(status, 503, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Both heavy threads stopped: two more heavy requests in a row each
    // get their full second, and a light scenario answers at once.
    for _ in 0..2 {
        let (status, _, _) = s.post("/api/eval", scenario.as_bytes());
        assert_eq!(status, 503);
    }
    let started = Instant::now();
    let (status, _, body) = s.post(
        "/api/check",
        b"[[claims]]\nof = \"$14.3B / 49%\"\nsays = \"$29 billion\"\n",
    );
    assert_eq!(status, 200, "{body}");
    assert!(started.elapsed() < Duration::from_secs(1));
    answers_promptly(&s);
}

/// A 188-byte scenario once became 1.44 million vesting dates and 714 MB:
/// now a 400 before any date is made.
#[test]
fn a_schedule_past_its_limit_is_refused_before_it_is_made() {
    let s = Server::start_with(&["--timeout", "1"]);
    let body = b"[offers.x]\nstart = 2025-01-01\n[[offers.x.pay]]\nkind = \"equity\"\namount = \"$1M\"\nprice = \"$10\"\nvesting = \"100y monthly\"\nrefresh = { amount = \"$1000\", every = \"1m\", vesting = \"100y monthly\", years = 100 }\n";
    let (status, _, answer) = s.post("/api/eval", body);
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer.contains("more than 100,000 vesting dates"),
        "{answer}"
    );
    answers_promptly(&s);
}

/// Ctrl-C does not wait for a slow client.
#[test]
fn ctrl_c_does_not_wait_for_a_half_sent_request() {
    let mut s = Server::start_with(&["--timeout", "300"]);
    let mut slow = TcpStream::connect(addr(&s)).unwrap();
    slow.write_all(b"POST /api/convert HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    let _ = std::process::Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status();
    let mut stopped = false;
    while started.elapsed() < Duration::from_secs(5) {
        if s.child.try_wait().unwrap().is_some() {
            stopped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(stopped, "still running 5 s after Ctrl-C");
    assert!(started.elapsed() < Duration::from_secs(4));
    drop(slow);
}
