//! A small HTTP server from the standard library alone: no crates to download.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_owned());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    println!("listening on {port}");
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        // Read the request line and headers, then answer.
        let mut reader = BufReader::new(match stream.try_clone() {
            Ok(s) => s,
            Err(_) => continue,
        });
        let mut line = String::new();
        while reader.read_line(&mut line).map_or(false, |n| n > 0) && line != "\r\n" {
            line.clear();
        }
        let body = "hello from a prebuilt binary\n";
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
    Ok(())
}
