//! `dealcalc serve`, as a client uses it: the server started on a free
//! loopback port, asked over HTTP, its answers compared with the CLI's.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use serde_json::Value;

/// A server on 127.0.0.1, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    agent: ureq::Agent,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// A server started with more arguments (`--timeout 1`).
    pub fn start_with(more: &[&str]) -> Server {
        let mut child = crate::bin()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "dealcalc serves http://127.0.0.1:PORT/ (Ctrl-C stops it)"
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server { child, base, agent }
    }

    /// Status, content type and body of a POST: JSON to the commands, a
    /// scenario's TOML to eval and check.
    pub fn post(&self, path: &str, body: &[u8]) -> (u16, String, String) {
        let kind = if path.starts_with("/api/eval") || path.starts_with("/api/check") {
            "application/toml"
        } else if path.starts_with("/api/scan") {
            "text/plain"
        } else {
            "application/json"
        };
        let mut r = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", kind)
            .send(body)
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = r.body_mut().read_to_string().unwrap_or_default();
        (r.status().as_u16(), kind, text)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        let text = r.body_mut().read_to_string().unwrap();
        (r.status().as_u16(), text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(args: &[&str]) -> String {
    let out = crate::bin().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

pub fn error(body: &str) -> Value {
    let v: Value = serde_json::from_str(body).unwrap();
    v["error"].clone()
}

#[test]
fn the_api_answers_what_the_commands_print() {
    let s = Server::start();
    let (status, kind, body) = s.post(
        "/api/convert",
        br#"{"amount": "$100M", "to": "EUR", "on": "2025-07-08"}"#,
    );
    assert_eq!((status, kind.as_str()), (200, "application/json"));
    // The ECB's 1.1718 USD per euro of 2025-07-08.
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["to"]["amount"], "85338795.02");
    assert_eq!(
        body,
        cli(&[
            "convert",
            "$100M",
            "--to",
            "EUR",
            "--on",
            "2025-07-08",
            "--format",
            "json"
        ])
    );

    let (status, _, body) = s.post(
        "/api/valuation?format=text",
        br#"{"stake": "49%", "price": "$14.3B"}"#,
    );
    assert_eq!(status, 200);
    assert!(body.contains("29,183,673,469.39 USD"), "{body}");

    let (status, _, body) = s.post(
        "/api/offer?format=text&lang=fr",
        br#"{"amount": "$100M", "over": "4y", "start": "2025-07-01", "to": "EUR", "on": "2025-07-08"}"#,
    );
    assert_eq!(status, 200);
    // French figures: a narrow no-break space between thousands.
    assert!(body.contains("85\u{202f}338\u{202f}795,02"), "{body}");

    // `format` as a body field, as the OpenAPI document lists it; given in
    // both places it is refused, naming both, never one silently chosen.
    let (status, kind, body) = s.post(
        "/api/valuation",
        br#"{"stake": "49%", "price": "$14.3B", "format": "csv"}"#,
    );
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/csv; charset=utf-8"),
        "{body}"
    );
    assert!(body.contains("29183673469.39"), "{body}");
    let (status, _, body) = s.post(
        "/api/valuation?format=text",
        br#"{"stake": "49%", "price": "$14.3B", "format": "csv"}"#,
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        error(&body)["message"],
        "`format` is given both in the query string and in the body"
    );

    let (status, kind, body) = s.post(
        "/api/offer?format=svg",
        br#"{"amount": "$100M", "over": "4y", "start": "2025-07-01"}"#,
    );
    assert_eq!((status, kind.as_str()), (200, "image/svg+xml"));
    assert!(body.starts_with("<svg"), "{body:.80}");

    // The README's scenario: 4 of its 7 claims hold, as `check` says.
    let scenario = include_bytes!("../scenarios/ai-talent-war-2025.toml");
    let (status, _, body) = s.post("/api/check", scenario);
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 7);
    assert_eq!(claims.iter().filter(|c| c["holds"] == true).count(), 4);
    let (_, _, text) = s.post("/api/check?format=text", scenario);
    assert_eq!(
        text,
        cli(&["check", "scenarios/ai-talent-war-2025.toml"])
            .replace("scenarios/ai-talent-war-2025.toml", "scenario.toml")
    );
    // A round as one request: lists for the repeatable fields, the same
    // bytes as the command line.
    let (status, _, body) = s.post(
        "/api/round",
        br#"{"common": ["founders=8,100,000"], "pool": "900000", "safe": ["angel=$1M cap=$10M"], "investor": "fund", "amount": "$5.2M", "pre_money": "$20.8M", "pool_after": "10%", "exit": ["$10M", "$35.1M"]}"#,
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v["exits"]["$10M"]["payout"]["founders"]["amount"],
        "3800000.00"
    );
    assert_eq!(
        body,
        cli(&crate::cli::with(
            crate::cli::ACME_ROUND,
            &["--exit", "$35.1M", "--format", "json"]
        ))
    );
    let (status, _, body) = s.post("/api/round", br#"{"common": [true], "amount": "$1M"}"#);
    assert_eq!(status, 400, "{body}");
    // CSV one table at a time, as `eval --table`; without one, a 400
    // naming the tables.
    let (status, kind, csv) = s.post("/api/eval?format=csv&table=deals", scenario);
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/csv; charset=utf-8"),
        "{csv}"
    );
    assert!(csv.starts_with("file,deal,kind,stake"), "{csv}");
    assert!(
        csv.contains("\nscenario.toml,meta-scale,secondary,0.49,USD,14300000000.00,"),
        "{csv}"
    );
    let (status, _, body) = s.post("/api/eval?format=csv", scenario);
    assert_eq!(status, 400);
    assert!(
        error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("CSV is one table at a time"),
        "{body}"
    );
}

#[test]
fn bad_input_is_a_400_pointing_at_the_line() {
    let s = Server::start();
    let (status, kind, body) = s.post(
        "/api/check",
        b"title = \"x\"\nas_of = 2025-07-08\n\n[[claims]]\ntext = \"t\"\nof = \"$12 zillion\"\nsays = \"$12\"\n",
    );
    assert_eq!((status, kind.as_str()), (400, "application/json"));
    let e = error(&body);
    assert_eq!(e["message"], "unknown word `zillion` in amount");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(6), Some(11))
    );
    assert_eq!(e["text"], "zillion");

    let (status, _, body) = s.post(
        "/api/convert",
        r#"{"amount": "10.000 €", "to": "USD", "on": "2025-07-08"}"#.as_bytes(),
    );
    assert_eq!(status, 400);
    assert!(
        error(&body)["message"].as_str().unwrap().contains("10000"),
        "{body}"
    );

    // A switch is true or false, a figure is text: nothing is guessed.
    let (status, _, body) = s.post(
        "/api/convert",
        br#"{"amount": "$1", "to": "EUR", "from": false}"#,
    );
    assert_eq!(status, 400);
    assert_eq!(
        error(&body)["message"],
        "`from` must be a string, not true or false"
    );
    let (status, _, body) = s.post(
        "/api/valuation",
        br#"{"stake": "49%", "price": "$1", "primary": "yes"}"#,
    );
    assert_eq!(status, 400);
    assert_eq!(error(&body)["message"], "`primary` must be true or false");

    let (status, _, body) = s.post("/api/convert", b"{not json");
    assert_eq!(status, 400);
    assert!(
        error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("not JSON")
    );

    let (status, _, body) = s.post(
        "/api/convert?format=yaml",
        br#"{"amount": "$1", "to": "EUR"}"#,
    );
    assert_eq!(status, 400, "{body}");
}

#[test]
fn no_request_reads_or_writes_the_servers_files() {
    let s = Server::start();
    let (status, _, body) = s.post("/api/eval", b"title = \"x\"\nrates = [\"/etc/passwd\"]\n");
    assert_eq!(status, 400);
    let e = error(&body);
    assert_eq!(e["line"], 2);
    assert!(
        e["hint"].as_str().unwrap().contains("reads no files"),
        "{body}"
    );
    let target = std::env::temp_dir().join(format!("dealcalc-serve-{}", std::process::id()));
    for field in ["output", "rates", "batch", "index"] {
        let body = format!(
            r#"{{"amount": "$1", "to": "EUR", "{field}": "{}"}}"#,
            target.display()
        );
        let (status, _, answer) = s.post("/api/convert", body.as_bytes());
        assert_eq!(status, 400, "{field}: {answer}");
        assert!(
            error(&answer)["message"]
                .as_str()
                .unwrap()
                .contains("is not a field")
        );
    }
    let (status, _, _) = s.post(
        &format!("/api/convert?output={}", target.display()),
        br#"{"amount": "$1", "to": "EUR"}"#,
    );
    assert_eq!(status, 400);
    assert!(!target.exists());
}

#[test]
fn a_body_over_a_mebibyte_is_a_413_and_the_server_keeps_answering() {
    let s = Server::start();
    let big = vec![b'#'; (1 << 20) + 1];
    let (status, _, body) = s.post("/api/eval", &big);
    assert_eq!(status, 413, "{body}");
    assert!(error(&body)["message"].as_str().unwrap().contains("1 MiB"));
    // After bad requests, still answering, from several threads at once.
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let base = s.base.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                for _ in 0..20 {
                    let mut r = agent
                        .post(format!("{base}/api/convert"))
                        .header("content-type", "application/json")
                        .send(r#"{"amount": "100 USD", "to": "JPY", "on": "2020-03-15"}"#)
                        .unwrap();
                    let v: Value =
                        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
                    // The ECB's 2020-03-13 rates: 1.1104 USD, 119.11 JPY.
                    assert_eq!(v["to"]["amount"], "10727");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn the_page_and_the_openapi_document_are_served() {
    let s = Server::start();
    let (status, page) = s.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<textarea id=\"toml\""));
    // The README's scenario is in the editor, escaped.
    assert!(page.contains("Meta&#39;s") || page.contains("Meta's superintelligence hiring"));
    assert!(!page.contains("{{SCENARIO}}"));
    let (status, doc) = s.get("/api/openapi.json");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&doc).unwrap();
    for path in [
        "/api/convert",
        "/api/valuation",
        "/api/offer",
        "/api/eval",
        "/api/check",
    ] {
        assert!(v["paths"][path]["post"].is_object(), "{path}");
    }
    let (status, _) = s.get("/nowhere");
    assert_eq!(status, 404);
}

/// Every field the OpenAPI document lists works as documented: each body
/// field of each command, added to a request that is valid without it,
/// answers 200; each query option does, in the query and as a body field.
/// A field documented but refused (`format` in a body once was) fails
/// here, and so does a field documented with no value in this test.
#[test]
fn every_documented_field_works() {
    use serde_json::json;
    let s = Server::start();
    let (_, doc) = s.get("/api/openapi.json");
    let doc: Value = serde_json::from_str(&doc).unwrap();
    // A valid request without the field, the field's value, and the
    // fields it stands instead of.
    // A field, its value, and the fields it stands instead of.
    type Field = (&'static str, Value, &'static [&'static str]);
    let cases: [(&str, Value, &[Field]); 5] = [
        (
            "convert",
            json!({"amount": "$100", "to": "EUR", "on": "2025-07-08"}),
            &[
                ("amount", json!("$200"), &[]),
                ("to", json!("JPY"), &[]),
                ("on", json!("2025-07-07"), &[]),
                ("from", json!("CAD"), &[]),
                ("basis", json!("monthly-average"), &[]),
            ],
        ),
        (
            "valuation",
            json!({"stake": "49%", "price": "$14.3B"}),
            &[
                ("stake", json!("10%"), &[]),
                ("price", json!("$1B"), &[]),
                ("post_money", json!("$29B"), &["price"]),
                ("primary", json!(true), &[]),
                ("shares", json!("1000000"), &[]),
            ],
        ),
        (
            "offer",
            json!({"amount": "$100M", "over": "4y", "start": "2025-07-01", "price": "$100"}),
            &[
                ("amount", json!("$1M"), &[]),
                ("shares", json!("4800"), &["amount"]),
                ("price", json!("$170"), &[]),
                ("over", json!("2y"), &[]),
                ("vesting", json!("monthly 1y cliff"), &[]),
                ("allocation", json!("front-loaded"), &[]),
                ("start", json!("2025-01-01"), &[]),
                ("by", json!("calendar-year"), &[]),
                ("to", json!("EUR"), &[]),
                ("on", json!("2025-07-08"), &[]),
                ("discount", json!("8%"), &[]),
                ("leave_on", json!("18m"), &[]),
                ("growth", json!("10%"), &[]),
            ],
        ),
        (
            "adjust",
            json!({"amount": "$240M", "from": "2007", "to": "2025"}),
            &[
                ("amount", json!("$1M"), &[]),
                ("from", json!("2010"), &[]),
                ("to", json!("2024"), &[]),
            ],
        ),
        (
            "round",
            json!({"common": ["founders=8100000"], "amount": "$5.2M", "pre_money": "$20.8M"}),
            &[
                ("name", json!("Acme"), &[]),
                ("common", json!(["founders=9000000"]), &[]),
                ("pool", json!("900000"), &[]),
                ("safe", json!(["angel=$1M cap=$10M"]), &[]),
                ("investor", json!("fund"), &[]),
                ("amount", json!("$2M"), &[]),
                (
                    "investors",
                    json!(["fund-a=$3.2M", "fund-b=$2M"]),
                    &["amount"],
                ),
                ("pre_money", json!("$8M"), &[]),
                ("post_money", json!("$26M"), &["pre_money"]),
                ("pool_after", json!("10%"), &[]),
                ("preference", json!("2x"), &[]),
                ("participating", json!(true), &[]),
                ("exit", json!(["$10M", "$35.1M"]), &[]),
                ("options", json!(["employees=1000000 strike=$0.50"]), &[]),
                ("pool_counts", json!("issued-and-unissued"), &[]),
                ("payout", json!(["founders=$10M"]), &[]),
                ("exits", json!("$10M..$30M step $10M"), &[]),
                ("table", json!("payouts"), &[]),
            ],
        ),
    ];
    for (command, base, fields) in &cases {
        let op = &doc["paths"][format!("/api/{command}")]["post"];
        let documented: Vec<&str> =
            op["requestBody"]["content"]["application/json"]["schema"]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
        let tested: Vec<&str> = fields.iter().map(|f| f.0).collect();
        assert_eq!(documented, tested, "/api/{command}: the fields documented");
        let (status, _, body) = s.post(&format!("/api/{command}"), base.to_string().as_bytes());
        assert_eq!(status, 200, "/api/{command} {base}: {body}");
        for (field, value, instead_of) in fields.iter() {
            let mut request = base.clone();
            for other in *instead_of {
                request.as_object_mut().unwrap().remove(*other);
            }
            request[*field] = value.clone();
            // `table` picks a CSV table.
            let path = if *field == "table" {
                format!("/api/{command}?format=csv")
            } else {
                format!("/api/{command}")
            };
            let (status, _, body) = s.post(&path, request.to_string().as_bytes());
            assert_eq!(status, 200, "{path} {request}: {body}");
        }
        for option in op["parameters"].as_array().unwrap() {
            let name = option["name"].as_str().unwrap();
            let values: Vec<String> = match option["schema"]["enum"].as_array() {
                Some(e) => e.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
                None => vec!["true".to_owned()],
            };
            for value in values {
                let (status, _, body) = s.post(
                    &format!("/api/{command}?{name}={value}"),
                    base.to_string().as_bytes(),
                );
                assert_eq!(status, 200, "/api/{command}?{name}={value}: {body}");
                let mut request = base.clone();
                request[name] = if value == "true" {
                    json!(true)
                } else {
                    json!(value)
                };
                let (status, _, body) =
                    s.post(&format!("/api/{command}"), request.to_string().as_bytes());
                assert_eq!(status, 200, "/api/{command} {request}: {body}");
            }
        }
    }
}

/// A posted scenario that is not UTF-8 is pointed at where the command
/// line points: the byte, by line and column.
#[test]
fn a_scenario_not_in_utf8_is_pointed_at() {
    let s = Server::start();
    let (status, _, body) = s.post("/api/eval", b"title = \"caf\xe9\"\n");
    assert_eq!(status, 400, "{body}");
    let e = error(&body);
    assert_eq!(
        e["message"],
        "the scenario is not UTF-8 text (invalid byte at offset 12)"
    );
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(13))
    );
    assert_eq!(e["hint"], "send the scenario as UTF-8");
}

/// `POST /api/scan`: the article as the body, the answer the command's;
/// every documented query option answers; an HTML page is read for its
/// body; a failing relation sets the exit-code header; bad bodies are 400
/// or 415.
#[test]
fn scan_is_served() {
    let s = Server::start();
    let article = std::fs::read("tests/scan/articles/fr-altman-92.txt").unwrap();
    let (status, kind, body) = s.post("/api/scan", &article);
    assert_eq!((status, kind.as_str()), (200, "application/json"), "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let cli_json: Value = serde_json::from_str(&cli(&[
        "scan",
        "--format",
        "json",
        "tests/scan/articles/fr-altman-92.txt",
    ]))
    .unwrap();
    assert_eq!(v["relations"], cli_json["relations"]);
    assert_eq!(v["relations"][0]["verdict"], "fails");
    assert_eq!(v["relations"][0]["figure_ids"], serde_json::json!([0, 1]));
    let (_, doc) = s.get("/api/openapi.json");
    let doc: Value = serde_json::from_str(&doc).unwrap();
    for option in doc["paths"]["/api/scan"]["post"]["parameters"]
        .as_array()
        .unwrap()
    {
        let name = option["name"].as_str().unwrap();
        let values: Vec<String> = match option["schema"]["enum"].as_array() {
            Some(e) => e.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
            None if name == "date" => vec!["2025-06-19".to_owned()],
            None => vec!["true".to_owned()],
        };
        for value in values {
            let (status, _, body) = s.post(&format!("/api/scan?{name}={value}"), &article);
            assert_eq!(status, 200, "/api/scan?{name}={value}: {body}");
        }
    }
    // An HTML page: its body and its metadata's date.
    let page = br#"<html><head><meta property="article:published_time" content="2025-07-08"></head><body><nav>2 EUR</nav><p>Des packages de 100 millions de dollars (85 millions d'euros).</p></body></html>"#;
    let mut r = s
        .agent
        .post(format!("{}/api/scan", s.base))
        .header("content-type", "text/html")
        .send(&page[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers().get("x-dealcalc-exit-code").unwrap(), "0");
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(
        (v["date"].as_str(), v["date_from"].as_str()),
        (Some("2025-07-08"), Some("metadata"))
    );
    assert_eq!(v["figures"].as_array().unwrap().len(), 2);
    // Bad bodies.
    let (status, _, body) = s.post("/api/scan", b"");
    assert_eq!(status, 400, "{body}");
    assert!(error(&body)["message"].as_str().unwrap().contains("empty"));
    let (status, _, body) = s.post("/api/scan", b"caf\xe9 12 \xe9");
    assert_eq!(status, 400, "{body}");
    let r = s
        .agent
        .post(format!("{}/api/scan", s.base))
        .header("content-type", "application/json")
        .send(&b"{}"[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
}
