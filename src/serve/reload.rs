//! Live reload over Server-Sent Events.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Event streams open at once, at most: each holds a thread (blocked on
/// its channel, 15 s pings); a tab beyond this is told to retry later.
pub(super) const MAX_STREAMS: usize = 256;

/// Connected browser tabs.
#[derive(Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    open: std::sync::atomic::AtomicUsize,
}

/// Counts a stream as open until dropped.
pub(crate) struct StreamGuard(std::sync::Arc<Hub>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
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
    /// A new client's message stream and the guard that counts it, or
    /// `None` when [`MAX_STREAMS`] are open.
    pub(crate) fn subscribe(self: &std::sync::Arc<Self>) -> Option<(Receiver<String>, StreamGuard)> {
        use std::sync::atomic::Ordering;
        if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (tx, rx) = mpsc::channel();
        lock(&self.clients).push(tx);
        Some((rx, StreamGuard(self.clone())))
    }

    /// Sends a message to every client, forgetting closed ones.
    pub(crate) fn broadcast(&self, message: &str) {
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
