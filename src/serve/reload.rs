//! Live reload over Server-Sent Events.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Connected browser tabs.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

/// Formats one SSE message.
pub(super) fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.lines() {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    if data.is_empty() {
        s.push_str("data:\n");
    }
    s.push('\n');
    s
}

impl Hub {
    /// A new client's message stream.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        lock(&self.clients).push(tx);
        rx
    }

    /// Sends a message to every client, forgetting closed ones.
    pub fn broadcast(&self, message: &str) {
        lock(&self.clients).retain(|c| c.send(message.to_string()).is_ok());
    }
}

/// Streams events to one client until it disconnects. `first` is sent on
/// connect (hello, and the current error if any). The body is chunked so
/// every HTTP/1.1 client sees each event as it is written.
pub(super) fn stream(mut w: Box<dyn Write + Send>, rx: Receiver<String>, first: &[String]) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
                Transfer-Encoding: chunked\r\nX-Accel-Buffering: no\r\n\r\n";
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut opening = String::from("retry: 500\n\n");
    for m in first {
        opening.push_str(m);
    }
    if chunk(&mut w, &opening).is_err() {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment keeps proxies from closing the stream and tells us
            // when the tab is gone.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if chunk(&mut w, &msg).is_err() {
            return;
        }
    }
}

fn chunk(w: &mut Box<dyn Write + Send>, data: &str) -> std::io::Result<()> {
    write!(w, "{:x}\r\n{data}\r\n", data.len())?;
    w.flush()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
