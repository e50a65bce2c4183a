//! `reqwest_middleware` middlewares for tests: one that marks and counts the requests it
//! passes on, one that ends each request. Shared by the runtime's tests and the Kirim
//! crate's (`tests/middleware.rs`, by `#[path]`).
#![allow(dead_code)]

/// What a middleware function returns.
pub type Sent<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send + 'a,
    >,
>;

/// How many requests [`stamp`] passed on, in this test binary.
pub static STAMPED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Marks each request with `x-stamped: yes` and passes it on, as a signing or metrics
/// layer would.
pub fn stamp<'a>(
    mut request: reqwest::Request,
    extensions: &'a mut http::Extensions,
    next: reqwest_middleware::Next<'a>,
) -> Sent<'a> {
    STAMPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    request.headers_mut().insert(
        "x-stamped",
        reqwest::header::HeaderValue::from_static("yes"),
    );
    Box::pin(next.run(request, extensions))
}

/// Ends every request before it is sent, with the error `over quota`.
pub fn refuse<'a>(
    _: reqwest::Request,
    _: &'a mut http::Extensions,
    _: reqwest_middleware::Next<'a>,
) -> Sent<'a> {
    Box::pin(std::future::ready(Err(
        reqwest_middleware::Error::middleware(std::io::Error::other("over quota")),
    )))
}

/// A stack of `reqwest::Client::new()` and `middleware`.
pub fn stack(
    middleware: impl reqwest_middleware::Middleware,
) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(middleware)
        .build()
}
