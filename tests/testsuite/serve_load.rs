//! `opsite serve` under awkward clients: stalled connections block no one,
//! and open event streams are bounded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::serve::Served;
use crate::support::Site;

fn site() -> Site {
    Site::new().file("content/docs/a.md", "# A\n\nText.\n")
}

fn addr(s: &Served) -> String {
    s.origin().trim_start_matches("http://").to_string()
}

#[test]
fn stalled_clients_block_no_one() {
    let site = site();
    let s = Served::start(&site, &[]);
    // Clients that send half a request line and then nothing (one byte every
    // ten seconds, at most, is all such a client ever sends), arriving in
    // bursts from many threads at once, as a thread pool is most likely to
    // queue a connection behind busy threads then.
    // Both cores busy meanwhile, which widens the pool's window.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let spinners: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            })
        })
        .collect();
    let mut stalled: Vec<TcpStream> = Vec::new();
    for _ in 0..8 {
        let burst: Vec<_> = (0..16)
            .map(|_| {
                let a = addr(&s);
                std::thread::spawn(move || {
                    let mut c = TcpStream::connect(a).unwrap();
                    c.write_all(b"GET /docs/a/ HT").unwrap();
                    c
                })
            })
            .collect();
        stalled.extend(burst.into_iter().map(|t| t.join().unwrap()));
        // Answered at all: the client's own timeout fails a request that
        // waits behind stalled clients (how fast is bench/serve-load.sh's).
        assert_eq!(s.get("/docs/a/").status, 200);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    spinners.into_iter().for_each(|t| t.join().unwrap());
    // And one that asks for a page and never reads the answer.
    let mut deaf = TcpStream::connect(addr(&s)).unwrap();
    deaf.write_all(b"GET /docs/a/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    for _ in 0..20 {
        assert_eq!(s.get("/docs/a/").status, 200);
    }
    drop(stalled);
}

#[test]
fn open_event_streams_are_bounded_and_freed() {
    let site = site();
    let s = Served::start(&site, &[]);
    let open = |n: usize| -> Vec<TcpStream> {
        (0..n)
            .map(|_| {
                let mut c = TcpStream::connect(addr(&s)).unwrap();
                c.write_all(b"GET /__opsite/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let mut buf = [0u8; 12];
                c.read_exact(&mut buf).unwrap();
                assert_eq!(&buf, b"HTTP/1.1 200", "a stream within the limit is served");
                c
            })
            .collect()
    };
    let mut streams = open(256);
    let mut extra = TcpStream::connect(addr(&s)).unwrap();
    extra.write_all(b"GET /__opsite/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    extra.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 503", "the stream over the limit is refused");
    // Pages are still served meanwhile.
    assert_eq!(s.get("/docs/a/").status, 200);
    // A closed tab frees its place (noticed on the next event or ping).
    streams.truncate(200);
    site.write("content/docs/a.md", "# A\n\nChanged.\n");
    crate::support::wait_until("closed streams never freed their places", || {
        let mut c = TcpStream::connect(addr(&s)).unwrap();
        c.write_all(b"GET /__opsite/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut head = [0u8; 12];
        c.read_exact(&mut head).unwrap();
        &head == b"HTTP/1.1 200"
    });
}
