//! The socket's framing, shared by the client and the server: each frame
//! is a 4-byte big-endian length, a tag byte, then the payload. Plain
//! blocking reads and writes, no runtime.

use std::io::{self, Read, Write};

/// Client → server: the one request that opens a connection.
pub const REQUEST: u8 = b'R';
/// Client → server, screens only: bytes typed, and the terminal's size.
pub const INPUT: u8 = b'I';
pub const RESIZE: u8 = b'W';
/// Server → client: stdout bytes, stderr bytes, and the exit code (last).
pub const OUT: u8 = b'O';
pub const ERR: u8 = b'E';
pub const EXIT: u8 = b'X';

/// Longest request (the command line with its words); anything longer is
/// refused with one line, unread.
pub const MAX_REQUEST: usize = 64 * 1024;
/// Longest frame either side sends otherwise (screen frames, output chunks).
pub const MAX_FRAME: usize = 4 * 1024 * 1024;

/// What the client asks: its command line and what the server needs to
/// run it as the local command would.
#[derive(Debug, Default, PartialEq)]
pub struct Request {
    /// The arguments after the program name, as the OS gave them.
    pub args: Vec<Vec<u8>>,
    /// Where relative paths on the command line start.
    pub cwd: Vec<u8>,
    /// The acting user the client would record locally (--user, $USER…).
    pub actor: String,
    /// `Some((cols, rows))`: open the screens on this terminal.
    pub screen: Option<(u16, u16)>,
    pub no_color: Option<String>,
}

pub fn write_frame(w: &mut impl Write, tag: u8, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len() + 1).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // One write per frame: the other end wakes once.
    let mut frame = Vec::with_capacity(payload.len() + 5);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.push(tag);
    frame.extend_from_slice(payload);
    w.write_all(&frame)?;
    w.flush()
}

/// The next frame's tag and length of payload, `None` at a clean end.
pub fn read_head(r: &mut impl Read) -> io::Result<Option<(u8, usize)>> {
    let mut head = [0u8; 5];
    match r.read_exact(&mut head[..1]) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    r.read_exact(&mut head[1..])?;
    let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    if len == 0 {
        return Err(io::ErrorKind::InvalidData.into());
    }
    Ok(Some((head[4], len - 1)))
}

/// A whole frame of at most `max` bytes of payload.
pub fn read_frame(r: &mut impl Read, max: usize) -> io::Result<Option<(u8, Vec<u8>)>> {
    let Some((tag, len)) = read_head(r)? else { return Ok(None) };
    if len > max {
        return Err(io::ErrorKind::InvalidData.into());
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    Ok(Some((tag, payload)))
}

fn put(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    buf.extend_from_slice(bytes);
}

impl Request {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(256);
        match self.screen {
            Some((w, h)) => {
                b.push(1);
                b.extend_from_slice(&w.to_be_bytes());
                b.extend_from_slice(&h.to_be_bytes());
            }
            None => b.push(0),
        }
        put(&mut b, &self.cwd);
        put(&mut b, self.actor.as_bytes());
        match &self.no_color {
            Some(v) => {
                b.push(1);
                put(&mut b, v.as_bytes());
            }
            None => b.push(0),
        }
        b.extend_from_slice(&(self.args.len() as u32).to_be_bytes());
        for a in &self.args {
            put(&mut b, a);
        }
        b
    }

    pub fn decode(mut b: &[u8]) -> Option<Request> {
        let b = &mut b;
        let screen = match take(b, 1)?[0] {
            0 => None,
            _ => {
                let s = take(b, 4)?;
                Some((u16::from_be_bytes([s[0], s[1]]), u16::from_be_bytes([s[2], s[3]])))
            }
        };
        let cwd = field(b)?.to_vec();
        let actor = String::from_utf8(field(b)?.to_vec()).ok()?;
        let no_color = match take(b, 1)?[0] {
            0 => None,
            _ => Some(String::from_utf8(field(b)?.to_vec()).ok()?),
        };
        let n = u32::from_be_bytes(take(b, 4)?.try_into().ok()?) as usize;
        let mut args = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            args.push(field(b)?.to_vec());
        }
        b.is_empty().then_some(Request { args, cwd, actor, screen, no_color })
    }
}

fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if b.len() < n {
        return None;
    }
    let (head, rest) = b.split_at(n);
    *b = rest;
    Some(head)
}

fn field<'a>(b: &mut &'a [u8]) -> Option<&'a [u8]> {
    let n = u32::from_be_bytes(take(b, 4)?.try_into().ok()?) as usize;
    take(b, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_comes_back_as_it_went_and_a_cut_one_is_refused() {
        let r = Request {
            args: vec![b"lookup".to_vec(), "3171 é".as_bytes().to_vec(), Vec::new()],
            cwd: b"/home/sari".to_vec(),
            actor: "sari".into(),
            screen: Some((80, 24)),
            no_color: Some("1".into()),
        };
        let bytes = r.encode();
        assert_eq!(Request::decode(&bytes), Some(r));
        for cut in 0..bytes.len() {
            assert_eq!(Request::decode(&bytes[..cut]), None, "{cut}");
        }
        let mut framed = Vec::new();
        write_frame(&mut framed, REQUEST, &bytes).unwrap();
        write_frame(&mut framed, EXIT, &[1]).unwrap();
        let mut r = &framed[..];
        assert_eq!(read_frame(&mut r, MAX_REQUEST).unwrap().map(|f| f.0), Some(REQUEST));
        assert_eq!(read_frame(&mut r, MAX_REQUEST).unwrap(), Some((EXIT, vec![1])));
        assert_eq!(read_frame(&mut r, MAX_REQUEST).unwrap(), None);
    }
}
