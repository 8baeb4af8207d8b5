//! The one HTTP GET the GitHub client makes. It is behind the `issues`
//! Cargo feature (ureq and its TLS stack). Without the feature every request
//! fails at once, the same way as an unreachable API, so builds show what the
//! cache holds.

use std::time::Duration;

/// What the API answered: its status, the headers the client reads, and
/// the body when the status is a success.
pub(crate) struct Answer {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    /// Read only for a 2xx status (at most 20 MiB); the reason it could
    /// not be read otherwise.
    pub(crate) body: Result<String, String>,
}

impl Answer {
    /// A header's value (names are compared without case).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }
}

/// Connect timeout for every request.
#[cfg(feature = "issues")]
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// An HTTP client that follows at most three redirects.
#[cfg(feature = "issues")]
pub(crate) struct Http(ureq::Agent);

#[cfg(feature = "issues")]
impl Http {
    pub(crate) fn new() -> Http {
        Http(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_connect(Some(CONNECT_TIMEOUT))
                .max_redirects(3)
                .user_agent(concat!("opsite/", env!("CARGO_PKG_VERSION")))
                .build()
                .into(),
        )
    }

    /// GETs `url` with `headers` within `timeout`. HTTP statuses are
    /// answers; an error is the network's (name lookup, connection, TLS).
    pub(crate) fn get(&self, url: &str, headers: &[(&str, String)], timeout: Duration) -> Result<Answer, String> {
        let mut req = self.0.get(url);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let resp = req.config().timeout_global(Some(timeout)).build().call().map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = if (200..300).contains(&status) {
            resp.into_body().with_config().limit(20 * 1024 * 1024).read_to_string().map_err(|e| e.to_string())
        } else {
            Ok(String::new())
        };
        Ok(Answer { status, headers, body })
    }
}

/// Without the `issues` feature: no client, every request refused.
#[cfg(not(feature = "issues"))]
pub(crate) struct Http;

#[cfg(not(feature = "issues"))]
impl Http {
    pub(crate) fn new() -> Http {
        Http
    }

    pub(crate) fn get(&self, _url: &str, _headers: &[(&str, String)], _timeout: Duration) -> Result<Answer, String> {
        Err("this opsite was built without the `issues` feature".into())
    }
}
