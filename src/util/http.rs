//! The HTTP requests opsite makes: the GitHub issues fetch and `opsite
//! check --external`. They are behind the `network` Cargo feature (ureq and
//! its TLS stack). Without the feature every request fails at once, as an
//! unreachable network would, so builds show what the caches hold.

use std::time::Duration;

/// What a server answered: its status, its headers, and the body when the
/// status is a success and a body was asked for.
pub(crate) struct Answer {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    /// Read only for a 2xx status when asked for (at most the limit given);
    /// the reason it could not be read otherwise.
    pub(crate) body: Result<String, String>,
}

impl Answer {
    /// A header's value (names are compared without case).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }
}

/// GET, or HEAD (no body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
}

/// An HTTP client. Redirects are followed up to the number given.
#[cfg(feature = "network")]
pub(crate) struct Http(ureq::Agent);

#[cfg(feature = "network")]
impl Http {
    pub(crate) fn new(redirects: u32, connect_timeout: Duration) -> Http {
        Http(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_connect(Some(connect_timeout))
                .max_redirects(redirects)
                .user_agent(concat!("opsite/", env!("CARGO_PKG_VERSION")))
                .build()
                .into(),
        )
    }

    /// Requests `url` with `headers` within `timeout`; a 2xx body is read
    /// up to `body_limit` bytes (`None`: not read). HTTP statuses are
    /// answers; an error is the network's (name lookup, connection, TLS,
    /// the timeout).
    pub(crate) fn call(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, String)],
        timeout: Duration,
        body_limit: Option<u64>,
    ) -> Result<Answer, String> {
        let mut req = match method {
            Method::Get => self.0.get(url),
            Method::Head => self.0.head(url),
        };
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let resp = req.config().timeout_global(Some(timeout)).build().call().map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let headers =
            resp.headers().iter().filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string()))).collect();
        let body = match body_limit {
            Some(limit) if (200..300).contains(&status) && method == Method::Get => {
                resp.into_body().with_config().limit(limit).read_to_string().map_err(|e| e.to_string())
            }
            _ => Ok(String::new()),
        };
        Ok(Answer { status, headers, body })
    }
}

/// Without the `network` feature: no client, every request refused.
#[cfg(not(feature = "network"))]
pub(crate) struct Http;

#[cfg(not(feature = "network"))]
impl Http {
    pub(crate) fn new(_redirects: u32, _connect_timeout: Duration) -> Http {
        Http
    }

    pub(crate) fn call(
        &self,
        _method: Method,
        _url: &str,
        _headers: &[(&str, String)],
        _timeout: Duration,
        _body_limit: Option<u64>,
    ) -> Result<Answer, String> {
        Err("this opsite was built without the `network` feature".into())
    }
}
