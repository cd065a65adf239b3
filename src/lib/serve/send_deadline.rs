//! The send timeout: a connection whose answer makes no progress (the client's socket
//! takes not one byte of it) for `--send-timeout` (10 s by default) is closed. hyper
//! times out reading a request head but not writing an answer, so a client that asks for
//! a large file and never reads would otherwise hold the socket, the open file and the
//! buffers for ever. Wraps the TCP stream, under TLS when there is TLS, so a stalled
//! handshake or TLS record counts too; reads are left to hyper's header-read timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// A stream whose writes fail with `TimedOut` once one has waited `timeout` in a row.
pub struct SendDeadline<S> {
    inner: S,
    timeout: Duration,
    /// The deadline of the write that waits (made on the first wait: small answers, which
    /// never wait, allocate no timer).
    deadline: Option<Pin<Box<Sleep>>>,
    /// Whether a write is waiting, i.e. `deadline` counts.
    armed: bool,
}

impl<S> SendDeadline<S> {
    /// `inner`, whose writes may wait `timeout` at most.
    pub fn new(inner: S, timeout: Duration) -> Self {
        SendDeadline {
            inner,
            timeout,
            deadline: None,
            armed: false,
        }
    }

    /// `polled` (a write, flush or shutdown of `inner`), or `TimedOut` when it has been
    /// waiting for longer than the timeout. Any finished call is progress.
    fn check<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.armed = false;
            return polled;
        }
        let timeout = self.timeout;
        let deadline = self
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        if !self.armed {
            deadline.as_mut().reset(Instant::now() + timeout);
            self.armed = true;
        }
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client read nothing of the answer for the send timeout",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for SendDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for SendDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.check(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.check(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.check(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.check(cx, polled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_write_nobody_reads_fails_after_the_timeout() {
        let (near, _far) = tokio::io::duplex(64);
        let mut s = SendDeadline::new(near, Duration::from_millis(200));
        let started = std::time::Instant::now();
        let err = s.write_all(&[0u8; 4096]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(200), "{took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }

    #[tokio::test]
    async fn a_slow_reader_that_keeps_reading_is_not_cut() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut s = SendDeadline::new(near, Duration::from_millis(300));
        let reader = tokio::spawn(async move {
            let mut got = 0;
            let mut buf = [0u8; 64];
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                match far.read(&mut buf).await {
                    Ok(0) | Err(_) => return got,
                    Ok(n) => got += n,
                }
            }
        });
        // 20 reads of 64 bytes 50 ms apart: over 1 s in all, longer than the timeout,
        // but never a wait of 300 ms.
        s.write_all(&[1u8; 64 * 20]).await.unwrap();
        s.shutdown().await.unwrap();
        drop(s);
        assert_eq!(reader.await.unwrap(), 64 * 20);
    }
}
